/** concat and stack: gradients against central differences. */
import { suite } from 'uvu';
import * as A from '../../../src/autograd/index.js';
import { gradCheck } from '../../util/gradcheck.js';
import { params } from './inputs.js';

const test = suite('op concat');
const p = params();

test('concat, stack', () => {
  gradCheck('concat axis 1', (a, b) => A.concat([a, b, a], 1), [p([2, 2, 3]), p([2, 1, 3])]);
  gradCheck('stack axis 1', (a, b) => A.stack([a, b], 1), [p([2, 3]), p([2, 3])]);
});

test.run();

/** mask: gradient against central differences for a dropout-style mask. */
import { suite } from 'uvu';
import * as A from '../../../src/autograd/index.js';
import { gradCheck } from '../../util/gradcheck.js';
import { params } from './inputs.js';

const test = suite('op mask');
const p = params();

test('mask (dropout-style)', () => {
  const keep = new Float64Array([1, 0, 1, 1, 0, 1]);
  gradCheck('mask', (x) => A.mask(x, keep, 1 / 0.6), [p([2, 3])]);
});

test.run();

/** exp: gradient against central differences. */
import { suite } from 'uvu';
import * as A from '../../../src/autograd/index.js';
import { gradCheck } from '../../util/gradcheck.js';
import { params } from './inputs.js';

const test = suite('op exp');
const p = params();

test('exp', () => {
  gradCheck('exp', A.exp, [p([2, 5])]);
});

test.run();

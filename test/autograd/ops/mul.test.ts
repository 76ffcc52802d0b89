/** mul: gradients against central differences (a tensor used twice included), and the dtype error. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as A from '../../../src/autograd/index.js';
import { gradCheck } from '../../util/gradcheck.js';
import { params } from './inputs.js';

const test = suite('op mul');
const p = params();

test('mul', () => {
  gradCheck('mul same', A.mul, [p([3, 4]), p([3, 4])]);
  gradCheck('mul broadcast', A.mul, [p([2, 3, 4]), p([3, 1])]);
  gradCheck('mul self (accumulation)', (x) => A.mul(x, x), [p([5])]);
});

test('mixed dtypes name the op and both inputs', () => {
  assert.throws(() => A.mul(A.Tensor.zeros([2, 3]), A.Tensor.zeros([2, 3], 'float64')), /mul: mixed dtypes float32\[2, 3\], float64\[2, 3\]/);
});

test.run();

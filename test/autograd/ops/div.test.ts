/** div: gradients against central differences, a number on either side. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as A from '../../../src/autograd/index.js';
import { expectClose } from '../../util/close.js';
import { gradCheck } from '../../util/gradcheck.js';
import { params, positive } from './inputs.js';

const test = suite('op div');
const p = params();

test('div', () => {
  gradCheck('div same', A.div, [p([3, 4]), p([3, 4], positive)]);
  gradCheck('div broadcast', A.div, [p([2, 3]), p([3], positive)]);
});

test('a number on either side is a scalar of the tensor\'s dtype; two numbers are refused', () => {
  gradCheck('div number / x', (x) => A.div(1, x), [p([3], positive)]);
  gradCheck('div x / number', (x) => A.div(x, 4), [p([3])]);
  expectClose('1 / x', A.div(1, A.Tensor.from([2, 4], [2], 'float64')).data, [0.5, 0.25], { atol: 0, rtol: 0 });
  const untyped = A.div as unknown as (a: number, b: number) => A.Tensor;
  assert.throws(() => untyped(1, 2), /div: at least one operand must be a tensor/);
});

test.run();

/** sub: gradients against central differences, a number on either side. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as A from '../../../src/autograd/index.js';
import { expectClose } from '../../util/close.js';
import { gradCheck } from '../../util/gradcheck.js';
import { params } from './inputs.js';

const test = suite('op sub');
const p = params();

test('sub', () => {
  gradCheck('sub same', A.sub, [p([3, 4]), p([3, 4])]);
  gradCheck('sub broadcast', A.sub, [p([2, 1, 4]), p([3, 1])]);
});

test('a number on either side is a scalar of the tensor\'s dtype; two numbers are refused', () => {
  gradCheck('sub number - x', (x) => A.sub(2, x), [p([3])]);
  gradCheck('sub x - number', (x) => A.sub(x, 2), [p([3])]);
  const x = A.Tensor.from([1, 4], [2], 'float64');
  expectClose('2 - x', A.sub(2, x).data, [1, -2], { atol: 0, rtol: 0 });
  assert.is(A.sub(2, x).dtype, 'float64');
  const untyped = A.sub as unknown as (a: number, b: number) => A.Tensor;
  assert.throws(() => untyped(1, 2), /sub: at least one operand must be a tensor/);
});

test.run();

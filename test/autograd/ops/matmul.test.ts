/** matmul: gradients against central differences (2-D, folded, batched), and the shape error. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as A from '../../../src/autograd/index.js';
import { gradCheck } from '../../util/gradcheck.js';
import { params } from './inputs.js';

const test = suite('op matmul');
const p = params();

test('matmul 2-D, folded, batched', () => {
  gradCheck('matmul 2d', A.matmul, [p([3, 4]), p([4, 5])]);
  gradCheck('matmul [B,T,K]·[K,N]', A.matmul, [p([2, 3, 4]), p([4, 5])]);
  gradCheck('matmul batched', A.matmul, [p([2, 3, 4]), p([2, 4, 2])]);
});

test('mismatched inner dimensions name both shapes', () => {
  assert.throws(() => A.matmul(A.Tensor.zeros([2, 3]), A.Tensor.zeros([2, 3])), /matmul: cannot multiply \[2, 3\] by \[2, 3\]/);
});

test.run();

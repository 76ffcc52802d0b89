/** add: gradients against central differences, and the broadcast error. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as A from '../../../src/autograd/index.js';
import { gradCheck } from '../../util/gradcheck.js';
import { params } from './inputs.js';

const test = suite('op add');
const p = params();

test('add (same shape, bias broadcast, scalar, both sides broadcast)', () => {
  gradCheck('add same', A.add, [p([3, 4]), p([3, 4])]);
  gradCheck('add bias', A.add, [p([2, 3, 4]), p([4])]);
  gradCheck('add scalar', A.add, [p([2, 3]), p([])]);
  gradCheck('add outer', A.add, [p([3, 1]), p([1, 4])]);
});

test('an incompatible broadcast names the op and the shapes', () => {
  assert.throws(() => A.add(A.Tensor.zeros([2, 3]), A.Tensor.zeros([4])), /add: shapes \[2, 3\] and \[4\] cannot be broadcast/);
});

test.run();

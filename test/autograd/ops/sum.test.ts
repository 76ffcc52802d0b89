/** sum and mean: gradients over axes against central differences, and the axis error. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as A from '../../../src/autograd/index.js';
import { gradCheck } from '../../util/gradcheck.js';
import { params } from './inputs.js';

const test = suite('op sum');
const p = params();

test('sum and mean over axes', () => {
  gradCheck('sum all', (x) => A.sum(x), [p([2, 3, 4])]);
  gradCheck('sum axis 1', (x) => A.sum(x, 1), [p([2, 3, 4])]);
  gradCheck('sum axes [0, 2] keepDims', (x) => A.sum(x, [0, 2], true), [p([2, 3, 4])]);
  gradCheck('mean axis -1', (x) => A.mean(x, -1), [p([2, 3, 4])]);
  gradCheck('mean all', (x) => A.mean(x), [p([3, 4])]);
  gradCheck('sum axes [1, 2] of rank 4 (adjacent)', (x) => A.sum(x, [2, 1]), [p([2, 3, 4, 2])]);
  gradCheck('sum axes [0, 3] of rank 4 (strided walk)', (x) => A.sum(x, [0, 3], true), [p([2, 3, 2, 2])]);
});

test('an axis out of range names the op and the rank', () => {
  assert.throws(() => A.sum(A.Tensor.zeros([2, 3]), 2), /sum: axis 2 is out of range for rank 2/);
});

test.run();

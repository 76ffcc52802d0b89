/** Shape arithmetic: strides, numpy broadcasting, the strided index walk and axis normalisation. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { broadcastShapes, broadcastStrides, normalizeAxis, shapeSize, stridedOffset, stridesOf } from '../../src/autograd/shape.js';

const test = suite('shape');

test('sizes and row-major strides', () => {
  assert.is(shapeSize([2, 3, 4]), 24);
  assert.is(shapeSize([]), 1);
  assert.equal(stridesOf([2, 3, 4]), [12, 4, 1]);
});

test('numpy broadcasting, and the error naming the op and shapes', () => {
  assert.equal(broadcastShapes('op', [2, 1, 4], [3, 1]), [2, 3, 4]);
  assert.equal(broadcastShapes('op', [], [5]), [5]);
  assert.throws(() => broadcastShapes('op', [2, 3], [4]), /op: shapes \[2, 3\] and \[4\] cannot be broadcast together/);
  assert.equal(broadcastStrides([3, 1], [2, 3, 4]), [0, 1, 0]);
});

test('the strided walk reads a broadcast operand and a transpose', () => {
  // element 7 of [2, 3, 4] is (0, 1, 3): a [3, 1] operand reads its row 1
  assert.is(stridedOffset(7, stridesOf([2, 3, 4]), broadcastStrides([3, 1], [2, 3, 4])), 1);
  // element (2, 1) of the transpose [3, 2] of a [2, 3] matrix a is a[1, 2], at 1·3 + 2 = 5; (0, 1) is a[1, 0], at 3
  assert.is(stridedOffset(5, stridesOf([3, 2]), [1, 3]), 5);
  assert.is(stridedOffset(1, stridesOf([3, 2]), [1, 3]), 3);
});

test('axes: negative ones count from the end, others out of range are refused', () => {
  assert.is(normalizeAxis('op', -1, 3), 2);
  assert.throws(() => normalizeAxis('op', 3, 3), /op: axis 3 is out of range for rank 3/);
  assert.throws(() => normalizeAxis('op', 0.5, 3), /op: axis 0.5 is out of range/);
});

test.run();

/** Engine behaviour: accumulation, un-broadcasting, no-grad scope, errors that name op and shapes. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as A from '../../src/autograd/index.js';
import { Tensor, record } from '../../src/autograd/index.js';
import { expectClose } from '../util/close.js';
import { gradCheck, param64 } from '../util/gradcheck.js';

const test = suite('engine');

test('a tensor used twice receives the sum of both gradients', () => {
  const x = Tensor.from([1, 2, 3], [3], 'float64', true);
  A.backward(A.sum(A.add(A.mul(x, 3), A.mul(x, x))));
  expectClose('d/dx (3x + x²)', x.grad!, [5, 7, 9]);
});

test('gradients of a broadcast operand are summed to its shape', () => {
  const x = Tensor.zeros([2, 3, 4], 'float64', true);
  const bias = Tensor.zeros([4], 'float64', true);
  const col = Tensor.zeros([3, 1], 'float64', true);
  A.backward(A.sum(A.add(A.add(x, bias), col)));
  expectClose('d bias', bias.grad!, [6, 6, 6, 6]);
  expectClose('d col', col.grad!, [8, 8, 8]);
  expectClose('unbroadcast general', A.unbroadcast(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3], [2, 1]), [6, 15]);
});

test('leaf gradients add up over backward calls until cleared', () => {
  const x = Tensor.from([2], [1], 'float64', true);
  A.backward(A.sum(A.mul(x, x)));
  A.backward(A.sum(A.mul(x, x)));
  expectClose('twice', x.grad!, [8]);
});

test('noGrad records no graph', () => {
  const x = Tensor.from([1, 2], [2], 'float32', true);
  const y = A.noGrad(() => A.mul(x, 2));
  assert.is(y.node, null);
  assert.is(y.requiresGrad, false);
  assert.ok(A.isGradEnabled());
  assert.throws(() => A.backward(A.sum(y)), /does not require grad/);
});

test('a deep chain (10,000 ops) back-propagates without overflowing the stack', () => {
  const x = Tensor.from([1], [1], 'float64', true);
  let y = x;
  for (let i = 0; i < 10_000; i++) y = A.add(y, 0.5);
  A.backward(A.sum(y));
  expectClose('d/dx', x.grad!, [1]);
});

test('errors name the op and the shapes', () => {
  const a = Tensor.zeros([2, 3]);
  assert.throws(() => A.add(a, Tensor.zeros([4])), /add: shapes \[2, 3\] and \[4\] cannot be broadcast/);
  assert.throws(() => A.matmul(a, Tensor.zeros([2, 3])), /matmul: cannot multiply \[2, 3\] by \[2, 3\]/);
  assert.throws(() => A.mul(a, Tensor.zeros([2, 3], 'float64')), /mul: mixed dtypes float32\[2, 3\], float64\[2, 3\]/);
  assert.throws(() => A.conv1d(Tensor.zeros([1, 5, 2]), Tensor.zeros([3, 4, 1])), /conv1d: .*x \[1, 5, 2\], w \[3, 4, 1\]/);
  assert.throws(() => A.reshape(a, [4, 2]), /reshape: cannot reshape \[2, 3\]/);
  assert.throws(() => A.slice(a, 1, 2, 5), /slice: range \[2, 5\) is out of bounds for axis 1 of \[2, 3\]/);
  assert.throws(() => A.sum(a, 2), /sum: axis 2 is out of range for rank 2/);
  assert.throws(() => A.maxPool1d(Tensor.zeros([1, 1, 2]), 2), /maxPool1d: input length 1 is shorter than pool size 2/);
  assert.throws(() => new Tensor(new Float32Array(5), [2, 3]), /data length 5 does not match shape \[2, 3\]/);
});

test('backward on a non-scalar needs a seed, and names the op and shape', () => {
  const x = Tensor.zeros([2, 2], 'float32', true);
  const y = A.mul(x, 2);
  assert.throws(() => A.backward(y), /backward: root mul has shape \[2, 2\]; pass a seed gradient/);
  A.backward(y, new Float32Array([1, 1, 1, 1]));
  expectClose('seeded', x.grad!, [2, 2, 2, 2]);
});

test('the checker reports a broken backward', () => {
  // x² whose backward forgets the factor 2: the checker must catch it and name the input.
  const brokenSquare = (x: Tensor) =>
    record('brokenSquare', x.data.map((v) => v * v), x.shape, [x], (dy) => [dy.map((g, i) => g * x.data[i])]);
  const rng = new A.Rng(3);
  assert.throws(() => gradCheck('brokenSquare', brokenSquare, [param64([4], rng, (r) => r.uniform(0.5, 1))]), /brokenSquare: d\/d\(input 0\) \[4\]: not close/);
  // ...and the same check with the right factor passes.
  const square = (x: Tensor) => record('square', x.data.map((v) => v * v), x.shape, [x], (dy) => [dy.map((g, i) => 2 * g * x.data[i])]);
  gradCheck('square', square, [param64([4], rng)]);
});

test('relu keeps NaN (as TensorFlow), so a bad input reaches the loss instead of turning into 0', () => {
  const y = A.relu(Tensor.from([Number.NaN, -1, 2], [3]));
  assert.ok(Number.isNaN(y.data[0]));
  assert.equal([...y.data.subarray(1)], [0, 2]);
});

test('Tensor helpers', () => {
  const t = Tensor.from([1, 2, 3, 4, 5, 6], [2, 3]);
  assert.is(t.dtype, 'float32');
  assert.is(t.rank, 2);
  assert.is(Tensor.scalar(4).item(), 4);
  assert.throws(() => t.item(), /item: tensor of shape \[2, 3\] has 6 elements/);
  assert.is(t.detach().node, null);
});

test.run();

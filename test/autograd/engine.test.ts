/**
 * Engine behaviour: accumulation, un-broadcasting, the no-grad scope, seeds, a checker that catches
 * a broken backward, and one graph through many ops against central differences.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as A from '../../src/autograd/index.js';
import { Tensor, record } from '../../src/autograd/index.js';
import { expectClose } from '../util/close.js';
import { gradCheck, param64 } from '../util/gradcheck.js';
import { params } from './ops/inputs.js';

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
test('composed graph: conv1d → relu → maxPool → matmul → logSoftmax cross-entropy', () => {
  const labels = [2, 0];
  const oneHot = A.Tensor.zeros([2, 3], 'float64');
  labels.forEach((c, b) => (oneHot.data[b * 3 + c] = 1));
  const loss = (x: A.Tensor, w: A.Tensor, bias: A.Tensor, dense: A.Tensor) => {
    const h = A.maxPool1d(A.relu(A.add(A.conv1d(x, w, { padding: 'same' }), bias)), 2);
    const flat = A.reshape(h, [2, -1]);
    const logits = A.matmul(flat, dense);
    return A.neg(A.mean(A.sum(A.mul(A.logSoftmax(logits), oneHot), 1)));
  };
  const p = params();
  gradCheck('composed', loss, [p([2, 8, 2]), p([3, 2, 4]), p([4]), p([16, 3])], { atol: 1e-6, rtol: 1e-4 });
});

test.run();

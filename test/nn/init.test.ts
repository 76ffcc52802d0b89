/** Keras's initialisers: Glorot uniform's bound and variance, orthogonal rows or columns with Keras's sign fix. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, Tensor, matmul, noGrad, transpose } from '../../src/autograd/index.js';
import { glorotUniform, orthogonal } from '../../src/nn/index.js';
import { expectClose } from '../util/close.js';

const test = suite('nn init');

const rng = new Rng(11);

test('glorot uniform: bound √(6/(fanIn+fanOut)) with Keras fans, variance 2/(fanIn+fanOut), seeded', () => {
  const w = glorotUniform([5, 64, 32], new Rng(1)); // Conv1D kernel: fanIn 5·64, fanOut 5·32
  const limit = Math.sqrt(6 / (5 * 64 + 5 * 32));
  const values = Array.from(w.data);
  assert.ok(Math.max(...values.map(Math.abs)) <= limit, 'inside the bound');
  assert.ok(Math.max(...values.map(Math.abs)) > 0.99 * limit, 'reaches the bound');
  const variance = values.reduce((s, v) => s + v * v, 0) / values.length;
  expectClose('variance', variance, 2 / (5 * 64 + 5 * 32), { rtol: 0.05 });
  assert.equal(Array.from(glorotUniform([5, 64, 32], new Rng(1)).data), values, 'same seed, same weights');
});

test('orthogonal: rows of a wide [U, 4U] kernel and columns of a tall one are orthonormal', () => {
  for (const shape of [[8, 32], [12, 5], [6, 6]]) {
    const w = orthogonal(shape, rng, 'float64');
    const [rows, cols] = shape;
    const gram = noGrad(() => (rows <= cols ? matmul(w, transpose(w)) : matmul(transpose(w), w)));
    const n = Math.min(rows, cols);
    const identity = Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0));
    expectClose(`W·Wᵀ for [${shape}]`, gram.data, identity, { atol: 1e-12 });
  }
});

test('orthogonal: the sign fix makes diag(R) > 0, i.e. Qᵀ·A has a positive diagonal', () => {
  // Redraw A from the same seed and check Q's relation to it: R = Qᵀ·A is upper triangular, diag > 0.
  const [n, k] = [7, 4];
  const q = orthogonal([n, k], new Rng(9), 'float64');
  const a = new Rng(9);
  const aData = Float64Array.from({ length: n * k }, () => a.normal());
  const r = noGrad(() => matmul(transpose(q), new Tensor(aData, [n, k])));
  for (let i = 0; i < k; i++) {
    assert.ok(r.data[i * k + i] > 0, `diag(R)[${i}] > 0`);
    for (let j = 0; j < i; j++) expectClose(`R[${i},${j}] below the diagonal`, r.data[i * k + j], 0, { atol: 1e-12 });
  }
});

test.run();

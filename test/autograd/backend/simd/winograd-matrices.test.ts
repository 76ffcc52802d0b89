/**
 * The Toom-Cook construction of F(m, r): in float64 both identities of the file's doc hold to
 * rounding (the correlation Aᵀ[(G·g) ⊙ (Bᵀ·d)] and the filter gradient Gᵀ[(Bᵀ·d) ⊙ (A·e)]) for
 * every tile and kernel the backend can be asked for, and bad arguments are refused by name.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../../../src/autograd/index.js';
import { defaultPoints, winogradMatrices } from '../../../../src/autograd/backend/simd/winograd-matrices.js';
import { expectClose } from '../../../util/close.js';

const test = suite('simd winograd matrices');
const rng = new Rng(7);

/** [rows, cols] · vector, row-major. */
function apply(mat: Float64Array, rows: number, cols: number, v: ArrayLike<number>, transpose = false): number[] {
  return Array.from({ length: transpose ? cols : rows }, (_, i) => {
    let sum = 0;
    for (let j = 0; j < (transpose ? rows : cols); j++) sum += (transpose ? mat[j * cols + i] : mat[i * cols + j]) * v[j];
    return sum;
  });
}

test('F(m, r) computes the correlation and its filter gradient in float64, m = 1 … 6, r = 1 … 7', () => {
  for (let r = 1; r <= 7; r++) {
    for (let m = 1; m <= 6; m++) {
      const { alpha, at, g, bt } = winogradMatrices(m, r);
      assert.is(alpha, m + r - 1);
      const d = Array.from({ length: alpha }, () => rng.uniform(-1, 1));
      const w = Array.from({ length: r }, () => rng.uniform(-1, 1));
      const e = Array.from({ length: m }, () => rng.uniform(-1, 1));
      const gw = apply(g, alpha, r, w);
      const bd = apply(bt, alpha, alpha, d);
      const ae = apply(at, m, alpha, e, true);
      const y = apply(at, m, alpha, gw.map((v, i) => v * bd[i]));
      const yRef = Array.from({ length: m }, (_, j) => w.reduce((s, wk, k) => s + d[j + k] * wk, 0));
      expectClose(`F(${m}, ${r}) correlation`, y, yRef, { atol: 1e-12, rtol: 1e-12 });
      const dg = apply(g, alpha, r, bd.map((v, i) => v * ae[i]), true);
      const dgRef = Array.from({ length: r }, (_, k) => e.reduce((s, ej, j) => s + d[j + k] * ej, 0));
      expectClose(`F(${m}, ${r}) filter gradient`, dg, dgRef, { atol: 1e-12, rtol: 1e-12 });
    }
  }
});

test("F(4, 5)'s transforms are exact in float32 (points 0, ±1, ±2, ±1/2, ∞): only G has fractions", () => {
  const { points, at, bt, g } = winogradMatrices(4, 5);
  assert.equal(points, [0, 1, -1, 2, -2, 0.5, -0.5]);
  for (const [name, mat] of [['Aᵀ', at], ['Bᵀ', bt]] as const) expectClose(`${name} in float32`, Float32Array.from(mat), mat, { atol: 0, rtol: 0 });
  assert.ok(g.some((v) => Math.fround(v) !== v), 'G has entries that float32 rounds');
});

test('points are checked: count, distinctness, the size of the default list', () => {
  assert.throws(() => winogradMatrices(4, 5, [0, 1, 2]), /winograd: F\(4, 5\) needs 7 distinct finite points, got \[0, 1, 2\]/);
  assert.throws(() => winogradMatrices(2, 2, [1, 1]), /needs 2 distinct finite points/);
  assert.throws(() => winogradMatrices(0, 5), /F\(0, 5\) needs positive integer m and r/);
  assert.throws(() => defaultPoints(40), /no default points for 40 finite points/);
});

test.run();

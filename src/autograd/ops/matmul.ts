/**
 * matmul: Y = A · B through the selected backend.
 *   A [M, K]     · B [K, N]     → [M, N]
 *   A [..., M, K] · B [K, N]    → [..., M, N]   (shared weights; leading dims are folded into M)
 *   A [Bt, M, K] · B [Bt, K, N] → [Bt, M, N]    (batched)
 * Backward: dA = dY · Bᵀ, dB = Aᵀ · dY (summed over the folded rows, per batch when batched),
 * computed with the backend's transposed variants so nothing is copied.
 */
import { getBackend } from '../backend/backend.js';
import { checkDtypes, record } from '../engine.js';
import { formatShape } from '../shape.js';
import { allocateLike, type Tensor } from '../tensor.js';

export function matmul(a: Tensor, b: Tensor): Tensor {
  checkDtypes('matmul', [a, b]);
  const fail = (): never => {
    throw new Error(`matmul: cannot multiply ${formatShape(a.shape)} by ${formatShape(b.shape)} (expects [.., M, K]·[K, N] or [Bt, M, K]·[Bt, K, N])`);
  };
  if (a.rank < 2 || (b.rank !== 2 && b.rank !== 3)) fail();
  const k = a.shape[a.rank - 1];
  const m = a.shape[a.rank - 2];
  const batched = b.rank === 3;
  if (batched && (a.rank !== 3 || a.shape[0] !== b.shape[0])) fail();
  if (b.shape[b.rank - 2] !== k) fail();
  const n = b.shape[b.rank - 1];
  const batches = batched ? a.shape[0] : 1;
  const rows = batched ? m : a.size / k;
  const outShape = [...a.shape.slice(0, -1), n];
  const backend = getBackend();
  const y = allocateLike(a.data, batches * rows * n);
  const aStep = rows * k;
  const bStep = batched ? k * n : 0;
  const yStep = rows * n;
  for (let t = 0; t < batches; t++) {
    backend.matmul(a.data.subarray(t * aStep, (t + 1) * aStep), b.data.subarray(t * bStep, t * bStep + k * n), y.subarray(t * yStep, (t + 1) * yStep), rows, k, n);
  }
  return record('matmul', y, outShape, [a, b], (dy) => {
    const dA = a.requiresGrad ? allocateLike(a.data) : null;
    const dB = b.requiresGrad ? allocateLike(b.data) : null;
    for (let t = 0; t < batches; t++) {
      const dyT = dy.subarray(t * yStep, (t + 1) * yStep);
      if (dA) backend.matmul(dyT, b.data.subarray(t * bStep, t * bStep + k * n), dA.subarray(t * aStep, (t + 1) * aStep), rows, n, k, false, true);
      if (dB) backend.matmul(a.data.subarray(t * aStep, (t + 1) * aStep), dyT, dB.subarray(t * bStep, t * bStep + k * n), k, rows, n, true, false);
    }
    return [dA, dB];
  });
}

/**
 * Reference backend: the plainest correct loops, always available, the yardstick for every other
 * backend and the fallback for small shapes.
 */
import type { Data } from '../tensor.js';
import type { Backend } from './backend.js';

/**
 * C[i, j] = Σ_p op(A)[i, p] · op(B)[p, j], accumulated in i-p-j order so the inner loop walks a
 * row of C (and a row of B when B is not transposed).
 */
function matmul(a: Data, b: Data, c: Data, m: number, k: number, n: number, transA = false, transB = false): void {
  c.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const cRow = i * n;
    for (let p = 0; p < k; p++) {
      const aip = transA ? a[p * m + i] : a[i * k + p];
      if (aip === 0) continue;
      if (transB) {
        for (let j = 0; j < n; j++) c[cRow + j] += aip * b[j * k + p];
      } else {
        const bRow = p * n;
        for (let j = 0; j < n; j++) c[cRow + j] += aip * b[bRow + j];
      }
    }
  }
}

export const referenceBackend: Backend = { name: 'reference', matmul };

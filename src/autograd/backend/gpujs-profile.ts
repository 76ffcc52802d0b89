/**
 * What one gpu.js matmul call costs, split into moving data and computing, from three timed
 * variants of the same product C [M, N] = op(A)·op(B) on a GL backend:
 *   call      host arrays in, values read back (what `Backend.matmul` does),
 *   resident  A and B already textures on the GPU (`upload`), values read back,
 *   compute   A and B textures, C left on the GPU as a texture, then `finish()`;
 * so upload = call − resident and readback = resident − compute. One kernel call's product only
 * (M, N <= `maxOutputSide`, K <= MAX_DEPTH).
 */
import type { Texture } from 'gpu.js';
import type { GpujsBackend } from './gpujs.js';

export interface MatmulShape {
  m: number;
  k: number;
  n: number;
  transA: boolean;
  transB: boolean;
}

/** Seconds per call of each variant. */
export interface CallProfile {
  call: number;
  resident: number;
  compute: number;
}

/** Time `fn` (seconds per call, however the caller measures it: warm-up, repeats, median). */
export type Timer = (fn: () => void) => number;

/** The three variants of `shape` on `backend`, timed by `time`; null when the shape needs more than one kernel call. */
export function profileGpujsMatmul(backend: GpujsBackend, a: Float32Array, b: Float32Array, shape: MatmulShape, time: Timer): CallProfile | null {
  const { m, k, n, transA, transB } = shape;
  if (!backend.isGl || m > backend.maxOutputSide || n > backend.maxOutputSide || k > backend.maxDepth) return null;
  const c = new Float32Array(m * n);
  const call = time(() => backend.matmul(a, b, c, m, k, n, transA, transB));
  const [ta, tb] = [backend.upload(a), backend.upload(b)];
  try {
    const resident = time(() => backend.product(ta, tb, m, k, n, transA, transB, c));
    const compute = time(() => {
      (backend.product(ta, tb, m, k, n, transA, transB, null) as Texture).delete();
      backend.finish();
    });
    return { call, resident, compute };
  } finally {
    ta.delete();
    tb.delete();
  }
}

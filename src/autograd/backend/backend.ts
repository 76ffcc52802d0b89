/**
 * The backend seam: the hot kernels whose implementation differs between CPU and GPU. Everything
 * else in the autograd is plain TypeScript. The reference backend is always present and is what
 * every faster backend is tested against (`test/autograd/backend.test.ts`).
 */
import type { Data } from '../tensor.js';
import { referenceBackend } from './reference.js';

export interface Backend {
  readonly name: string;
  /**
   * C = op(A) · op(B), overwriting `c` ([m, n], row-major).
   * op(A) is [m, k]: A stored [m, k], or with `transA` A stored [k, m] and read transposed.
   * op(B) is [k, n]: B stored [k, n], or with `transB` B stored [n, k] and read transposed.
   * The transposed variants let backward passes (dA = dC·Bᵀ, dB = Aᵀ·dC) run without copies.
   */
  matmul(a: Data, b: Data, c: Data, m: number, k: number, n: number, transA?: boolean, transB?: boolean): void;
}

let current: Backend = referenceBackend;

export function getBackend(): Backend {
  return current;
}

/** Select the backend used by every op from now on. */
export function setBackend(backend: Backend): void {
  current = backend;
}

/** Run `fn` with `backend` selected, restoring the previous one afterwards. */
export function withBackend<T>(backend: Backend, fn: () => T): T {
  const previous = current;
  current = backend;
  try {
    return fn();
  } finally {
    current = previous;
  }
}

/**
 * The products every fast matmul hands off before its float32 kernel runs: float64 data (the
 * float64 gradient checks) goes to the reference loops, and an empty product is written directly
 * (m·n = 0 writes nothing; k = 0 makes C = 0, as numpy's `A @ B` of an (m, 0)·(0, n) pair).
 */
import type { Data } from '../tensor.js';
import { referenceBackend } from './reference.js';

/** The three operands as float32 when the kernel must run, or null when C is already written. */
export function float32Operands(
  a: Data, b: Data, c: Data, m: number, k: number, n: number, transA: boolean, transB: boolean,
): { a: Float32Array; b: Float32Array; c: Float32Array } | null {
  if (!(a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array)) {
    referenceBackend.matmul(a, b, c, m, k, n, transA, transB);
    return null;
  }
  if (m === 0 || n === 0) return null;
  if (k === 0) {
    c.fill(0, 0, m * n);
    return null;
  }
  return { a, b, c };
}

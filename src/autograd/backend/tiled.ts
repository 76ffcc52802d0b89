/**
 * Tiled backend: blocked, register-tiled float32 matmul in plain TypeScript, the fallback where
 * WebAssembly SIMD is missing. Float64 data goes to the reference backend.
 *
 * Same scheme as the SIMD kernels (`simd/kernels/gemm.ts`), in scalars: C [M, N] = op(A) [M, K] ·
 * op(B) [K, N] with op(A) packed into 4-row panels `Ap[q][p][r]` and op(B) into 4-column panels
 * `Bp[q][p][j]` (zero-padded, so every transpose variant becomes the same contiguous stream),
 * and a 4×4 micro-kernel that keeps its 16 sums in local variables while walking a depth block
 * of KC. The C tiles go to a padded scratch buffer that is copied out at the end. Scratch
 * buffers are kept between calls and only grow.
 */
import type { Data } from '../tensor.js';
import type { Backend } from './backend.js';
import { im2colConv } from './conv1d-im2col.js';
import { lstmLoops } from './lstm-loops.js';
import { referenceBackend } from './reference.js';
import { float32Operands } from './matmul-cases.js';

const MR = 4;
const NR = 4;
/** Depth block: one B panel block (KC·NR floats) and one A panel block stay in L1. */
const KC = 256;

let packedA: Float32Array = new Float32Array(0);
let packedB: Float32Array = new Float32Array(0);
let paddedC: Float32Array = new Float32Array(0);

const grow = (buf: Float32Array, size: number): Float32Array => (buf.length >= size ? buf : new Float32Array(size));

/**
 * Pack `count` rows of depth `k` into panels of `width`: element (idx, p) of the source is
 * `src[idx·sIdx + p·sDepth]`; rows past `count` are zeros.
 */
function pack(dst: Float32Array, src: Float32Array, count: number, k: number, width: number, sIdx: number, sDepth: number): void {
  const panels = Math.ceil(count / width);
  for (let q = 0; q < panels; q++) {
    const out = q * k * width;
    for (let r = 0; r < width; r++) {
      const idx = q * width + r;
      if (idx < count) {
        const s = idx * sIdx;
        for (let p = 0; p < k; p++) dst[out + p * width + r] = src[s + p * sDepth];
      } else {
        for (let p = 0; p < k; p++) dst[out + p * width + r] = 0;
      }
    }
  }
}

/**
 * One 4×4 tile of C (row stride ldc, starting at `c0`) += or = the product of an A panel block
 * and a B panel block of depth `kc` starting at `a0` / `b0`.
 */
function microKernel(ap: Float32Array, a0: number, bp: Float32Array, b0: number, kc: number, c: Float32Array, c0: number, ldc: number, accumulate: boolean): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let p = 0; p < kc; p++) {
    const ai = a0 + 4 * p;
    const bi = b0 + 4 * p;
    const b0v = bp[bi], b1v = bp[bi + 1], b2v = bp[bi + 2], b3v = bp[bi + 3];
    const a0v = ap[ai], a1v = ap[ai + 1], a2v = ap[ai + 2], a3v = ap[ai + 3];
    c00 += a0v * b0v; c01 += a0v * b1v; c02 += a0v * b2v; c03 += a0v * b3v;
    c10 += a1v * b0v; c11 += a1v * b1v; c12 += a1v * b2v; c13 += a1v * b3v;
    c20 += a2v * b0v; c21 += a2v * b1v; c22 += a2v * b2v; c23 += a2v * b3v;
    c30 += a3v * b0v; c31 += a3v * b1v; c32 += a3v * b2v; c33 += a3v * b3v;
  }
  const r0 = c0, r1 = c0 + ldc, r2 = c0 + 2 * ldc, r3 = c0 + 3 * ldc;
  if (accumulate) {
    c[r0] += c00; c[r0 + 1] += c01; c[r0 + 2] += c02; c[r0 + 3] += c03;
    c[r1] += c10; c[r1 + 1] += c11; c[r1 + 2] += c12; c[r1 + 3] += c13;
    c[r2] += c20; c[r2 + 1] += c21; c[r2 + 2] += c22; c[r2 + 3] += c23;
    c[r3] += c30; c[r3 + 1] += c31; c[r3 + 2] += c32; c[r3 + 3] += c33;
  } else {
    c[r0] = c00; c[r0 + 1] = c01; c[r0 + 2] = c02; c[r0 + 3] = c03;
    c[r1] = c10; c[r1 + 1] = c11; c[r1 + 2] = c12; c[r1 + 3] = c13;
    c[r2] = c20; c[r2 + 1] = c21; c[r2 + 2] = c22; c[r2 + 3] = c23;
    c[r3] = c30; c[r3 + 1] = c31; c[r3 + 2] = c32; c[r3 + 3] = c33;
  }
}

function matmul(aData: Data, bData: Data, cData: Data, m: number, k: number, n: number, transA = false, transB = false): void {
  const operands = float32Operands(aData, bData, cData, m, k, n, transA, transB);
  if (!operands) return;
  const { a, b, c } = operands;
  const mPanels = Math.ceil(m / MR);
  const nPanels = Math.ceil(n / NR);
  const ldc = nPanels * NR;
  packedA = grow(packedA, mPanels * MR * k);
  packedB = grow(packedB, nPanels * NR * k);
  paddedC = grow(paddedC, mPanels * MR * ldc);
  pack(packedA, a, m, k, MR, transA ? 1 : k, transA ? m : 1);
  pack(packedB, b, n, k, NR, transB ? k : 1, transB ? 1 : n);
  const ap = packedA;
  const bp = packedB;
  const cp = paddedC;
  for (let pc = 0; pc < k; pc += KC) {
    const kc = Math.min(KC, k - pc);
    for (let jr = 0; jr < nPanels; jr++) {
      const b0 = (jr * k + pc) * NR;
      for (let ir = 0; ir < mPanels; ir++) {
        microKernel(ap, (ir * k + pc) * MR, bp, b0, kc, cp, ir * MR * ldc + jr * NR, ldc, pc > 0);
      }
    }
  }
  if (ldc === n) c.set(cp.subarray(0, m * n));
  else for (let i = 0; i < m; i++) c.set(cp.subarray(i * ldc, i * ldc + n), i * n);
}

/**
 * Float32 convolutions as im2col + the tiled matmul; float64 ones by the reference loops. The LSTM
 * recurrence is the loops of `lstm-loops.ts` around this matmul (which hands float64 on); the
 * max-pooling is the reference's.
 */
const conv = im2colConv(matmul);

export const tiledBackend: Backend = {
  name: 'tiled',
  matmul,
  conv1d: (x, w, bias, relu, y, g) => (x instanceof Float32Array ? conv : referenceBackend).conv1d(x, w, bias, relu, y, g),
  conv1dBackward: (x, w, y, dy, relu, g, grads) => (x instanceof Float32Array ? conv : referenceBackend).conv1dBackward(x, w, y, dy, relu, g, grads),
  ...lstmLoops(matmul),
  maxPoolPairs: referenceBackend.maxPoolPairs,
  maxPoolPairsBackward: referenceBackend.maxPoolPairsBackward,
};

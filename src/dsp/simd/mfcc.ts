/**
 * The DCT of MFCCs as a WebAssembly SIMD kernel for an even number of mel bands M: frames four at a
 * time are folded, `sum[m] = x[m] + x[M-1-m]` and `diff[m] = x[m] - x[M-1-m]` for m < M/2, and
 * coefficient k is `sum_m D[k, m] * (k even ? sum : diff)[m]` in float64, summed over m in order
 * and rounded to float32 once: the arithmetic of `mfccScalar` (`mfcc.ts`), done for the four frames
 * in two f64x2 lanes, so the two agree bit for bit (f64x2 has no fused multiply-add).
 *
 * Shape letters: T = frames, M = mel bands, K = coefficients.
 */
import { FunctionBuilder, i32, v128, type Local } from '../../wasm/emitter.js';
import type { FrameMatrix } from '../frames.js';
import { Layout } from '../../wasm/layout.js';
import { lazyKernels } from './instance.js';

/** Mel-spectrogram bytes copied into the module per kernel call. */
const CHUNK_BYTES = 1 << 20;
/** Frames folded and transformed together. */
const BLOCK = 4;

/**
 * `mfcc(X, nBlocks, nMels, D, nMfcc, sums, diffs, out)`, addresses in bytes: X `[4 nBlocks, M]` f32,
 * D `[K, M]` f64, scratch `sums`, `diffs` `[M/2, 4]` f64 (frame-interleaved), out `[4 nBlocks, K]` f32.
 */
export function emitMfcc(): FunctionBuilder {
  const f = new FunctionBuilder('mfcc', [i32, i32, i32, i32, i32, i32, i32, i32]);
  const [X, nBlocks, nMels, D, nMfcc, sums, diffs, out] = f.params;
  const block = f.local(i32);
  const slot = f.local(i32);
  const m = f.local(i32);
  const k = f.local(i32);
  const half = f.local(i32);
  const row = f.local(i32);
  const mirror = f.local(i32);
  const at = f.local(i32);
  const folded = f.local(i32);
  const d = f.local(i32);
  const o = f.local(i32);
  const acc01 = f.local(v128);
  const acc23 = f.local(v128);
  const w = f.local(v128);
  const frameBytes = f.local(i32);
  const outBytes = f.local(i32);
  const times = (l: Local, bytes: number) => f.get(l).i32(bytes).mul();

  f.get(nMels).i32(1).shrU().set(half);
  times(nMels, 4).set(frameBytes);
  times(nMfcc, 4).set(outBytes);
  f.get(X).set(row).get(out).set(o);
  f.forRange(block, 0, nBlocks, 1, () => {
    // fold: sums/diffs[m * 4 + slot] for the block's four frames
    f.forRange(slot, 0, BLOCK, 1, () => {
      f.forRange(m, 0, half, 1, () => {
        f.get(row).get(m).i32(2).shl().add().set(at);
        f.get(row).get(frameBytes).add().get(m).i32(2).shl().sub().i32(-4).add().set(mirror);
        f.get(m).i32(2).shl().get(slot).add().i32(3).shl().set(d); // byte offset of [m, slot]
        f.get(sums).get(d).add();
        f.get(at).f32Load().f64PromoteF32().get(mirror).f32Load().f64PromoteF32().f64Add().f64Store();
        f.get(diffs).get(d).add();
        f.get(at).f32Load().f64PromoteF32().get(mirror).f32Load().f64PromoteF32().f64Sub().f64Store();
      });
      f.get(row).get(frameBytes).add().set(row);
    });
    f.forRange(k, 0, nMfcc, 1, () => {
      f.get(k).i32(1).and().eqz();
      f.ifElse(
        () => f.get(sums).set(folded),
        () => f.get(diffs).set(folded),
      );
      f.get(D).get(k).get(nMels).mul().i32(3).shl().add().set(d);
      f.v128Zero().set(acc01).v128Zero().set(acc23);
      f.forRange(m, 0, half, 1, () => {
        f.get(d).get(m).i32(3).shl().add().f64Load().f64x2Splat().set(w);
        f.get(folded).get(m).i32(5).shl().add().set(at);
        f.get(w).get(at).v128Load().f64x2Mul().get(acc01).f64x2Add().set(acc01);
        f.get(w).get(at).v128Load(16).f64x2Mul().get(acc23).f64x2Add().set(acc23);
      });
      // out[(t + slot) * K + k] for the four slots
      f.get(o).get(k).i32(2).shl().add().set(at);
      f.get(at).get(acc01).f64x2ExtractLane(0).f32DemoteF64().f32Store();
      f.get(at).get(outBytes).add().get(acc01).f64x2ExtractLane(1).f32DemoteF64().f32Store();
      f.get(at).get(outBytes).i32(2).mul().add().get(acc23).f64x2ExtractLane(0).f32DemoteF64().f32Store();
      f.get(at).get(outBytes).i32(3).mul().add().get(acc23).f64x2ExtractLane(1).f32DemoteF64().f32Store();
    });
    f.get(o).get(outBytes).i32(2).shl().add().set(o);
  });
  return f;
}

type MfccKernel = (X: number, nBlocks: number, nMels: number, D: number, nMfcc: number, sums: number, diffs: number, out: number) => void;

/** The kernel's instance, built on first use; null where WebAssembly or its SIMD is missing. */
const mfccInstance = lazyKernels(() => [emitMfcc()]);

/** Whether the SIMD DCT runs here (WebAssembly with 128-bit SIMD). */
export function mfccSimdSupported(): boolean {
  return mfccInstance() !== null;
}

/**
 * `out[t, k] = sum_m D[k, m] * melDb[t, m]` through the folded SIMD kernel, bit for bit
 * `mfccScalar`, for an even number of mel bands. Shapes: melDb `[T, M]`, D `[K, M]` -> `[T, K]`.
 * Throws where `mfccSimdSupported()` is false or M is odd.
 */
export function mfccSimd(melDb: FrameMatrix, D: Float64Array, nMfcc: number): FrameMatrix {
  const kernels = mfccInstance();
  if (!kernels) throw new Error('mfccSimd: this engine has no WebAssembly SIMD');
  const { nFrames, width: nMels, data } = melDb;
  if (nMels % 2 !== 0) throw new RangeError(`mfccSimd: ${nMels} mel bands; the folded kernel needs an even number`);
  const chunk = BLOCK * Math.max(1, Math.min(Math.ceil(nFrames / BLOCK), Math.floor(CHUNK_BYTES / (4 * BLOCK * nMels))));
  const layout = new Layout();
  const dAt = layout.reserve(8 * D.length);
  const sumsAt = layout.reserve(8 * BLOCK * (nMels >> 1));
  const diffsAt = layout.reserve(8 * BLOCK * (nMels >> 1));
  const melAt = layout.reserve(4 * chunk * nMels);
  const outAt = layout.reserve(4 * chunk * nMfcc);
  const buffer = kernels.buffer(layout.end);
  new Float64Array(buffer, dAt, D.length).set(D);
  const chunkMel = new Float32Array(buffer, melAt, chunk * nMels);
  const chunkOut = new Float32Array(buffer, outAt, chunk * nMfcc);
  const kernel = kernels.exports.mfcc as MfccKernel;
  const out = new Float32Array(nFrames * nMfcc);
  for (let t = 0; t < nFrames; t += chunk) {
    const count = Math.min(chunk, nFrames - t);
    chunkMel.set(data.subarray(t * nMels, (t + count) * nMels));
    // the last block's missing frames are zeros, and their coefficients are dropped
    chunkMel.fill(0, count * nMels, Math.ceil(count / BLOCK) * BLOCK * nMels);
    kernel(melAt, Math.ceil(count / BLOCK), nMels, dAt, nMfcc, sumsAt, diffsAt, outAt);
    out.set(chunkOut.subarray(0, count * nMfcc), t * nMfcc);
  }
  return { nFrames, width: nMfcc, data: out };
}

/**
 * The sums behind the spectral centroid as a WebAssembly SIMD kernel: per frame, the magnitude
 * total `sum_k sqrt(P[t, k])` and the frequency-weighted `sum_k f_k * sqrt(P[t, k])`, each summed over
 * k in order in float64, four frames at a time in two f64x2 lanes: the arithmetic of the scalar
 * loop in `spectralCentroid`, so the two agree bit for bit.
 *
 * Shape letters: T = frames, F = FFT bins.
 */
import { FunctionBuilder, i32, v128, type Local } from '../../wasm/emitter.js';
import { Layout } from '../../wasm/layout.js';
import { lazyKernels } from './instance.js';

/** Spectrogram bytes copied into the module per kernel call. */
const CHUNK_BYTES = 1 << 20;
/** Frames summed together. */
const BLOCK = 4;

/**
 * `centroidSums(P, nBlocks, nBins, freqs, totals, weighted)`, addresses in bytes: P
 * `[4 nBlocks, F]` f32 power, freqs `[F]` f64, out `totals`, `weighted` `[4 nBlocks]` f64.
 */
export function emitCentroidSums(): FunctionBuilder {
  const f = new FunctionBuilder('centroidSums', [i32, i32, i32, i32, i32, i32]);
  const [P, nBlocks, nBins, freqs, totals, weighted] = f.params;
  const block = f.local(i32);
  const k = f.local(i32);
  const row = f.local(i32);
  const rowBytes = f.local(i32);
  const at = f.local(i32);
  const o = f.local(i32);
  const totalAb = f.local(v128);
  const totalCd = f.local(v128);
  const weightedAb = f.local(v128);
  const weightedCd = f.local(v128);
  const magnitudeAb = f.local(v128);
  const magnitudeCd = f.local(v128);
  const freq = f.local(v128);
  /** sqrt of the powers of frames `first` and `first + 1` at bin offset `at`, as f64x2. */
  const magnitudes = (first: number, into: Local) => {
    f.get(at).get(rowBytes).i32(first).mul().add().v128Zero().v128Load32Lane(0);
    f.set(into).get(at).get(rowBytes).i32(first + 1).mul().add().get(into).v128Load32Lane(1);
    f.f64x2PromoteLowF32x4().f64x2Sqrt().set(into);
  };
  const store = (base: Local, ab: Local, cd: Local) => {
    f.get(base).get(o).add().get(ab).f64x2ExtractLane(0).f64Store(0);
    f.get(base).get(o).add().get(ab).f64x2ExtractLane(1).f64Store(8);
    f.get(base).get(o).add().get(cd).f64x2ExtractLane(0).f64Store(16);
    f.get(base).get(o).add().get(cd).f64x2ExtractLane(1).f64Store(24);
  };

  f.get(nBins).i32(2).shl().set(rowBytes);
  f.get(P).set(row).i32(0).set(o);
  f.forRange(block, 0, nBlocks, 1, () => {
    f.v128Zero().set(totalAb).v128Zero().set(totalCd).v128Zero().set(weightedAb).v128Zero().set(weightedCd);
    f.forRange(k, 0, nBins, 1, () => {
      f.get(row).get(k).i32(2).shl().add().set(at);
      magnitudes(0, magnitudeAb);
      magnitudes(2, magnitudeCd);
      f.get(freqs).get(k).i32(3).shl().add().f64Load().f64x2Splat().set(freq);
      f.get(totalAb).get(magnitudeAb).f64x2Add().set(totalAb);
      f.get(totalCd).get(magnitudeCd).f64x2Add().set(totalCd);
      f.get(weightedAb).get(freq).get(magnitudeAb).f64x2Mul().f64x2Add().set(weightedAb);
      f.get(weightedCd).get(freq).get(magnitudeCd).f64x2Mul().f64x2Add().set(weightedCd);
    });
    store(totals, totalAb, totalCd);
    store(weighted, weightedAb, weightedCd);
    f.addTo(o, o, 8 * BLOCK);
    f.get(row).get(rowBytes).i32(BLOCK).mul().add().set(row);
  });
  return f;
}

type CentroidKernel = (P: number, nBlocks: number, nBins: number, freqs: number, totals: number, weighted: number) => void;

/** The kernel's instance, built on first use; null where WebAssembly or its SIMD is missing. */
const centroidInstance = lazyKernels(() => [emitCentroidSums()]);

/** Whether the SIMD centroid sums run here (WebAssembly with 128-bit SIMD). */
export function centroidSimdSupported(): boolean {
  return centroidInstance() !== null;
}

/**
 * Per frame `total[t] = sum_k sqrt(P[t, k])` and `weighted[t] = sum_k f_k * sqrt(P[t, k])` through
 * the SIMD kernel, bit for bit the scalar sums. Shapes: power `[T, F]`, freqs `[F]` -> `[T]`, `[T]`.
 * Throws where `centroidSimdSupported()` is false.
 */
export function centroidSumsSimd(power: Float32Array, nFrames: number, nBins: number, freqs: Float64Array): { totals: Float64Array; weighted: Float64Array } {
  const kernels = centroidInstance();
  if (!kernels) throw new Error('centroidSumsSimd: this engine has no WebAssembly SIMD');
  const chunk = BLOCK * Math.max(1, Math.min(Math.ceil(nFrames / BLOCK), Math.floor(CHUNK_BYTES / (4 * BLOCK * nBins))));
  const layout = new Layout();
  const freqsAt = layout.reserve(8 * nBins);
  const powerAt = layout.reserve(4 * chunk * nBins);
  const totalsAt = layout.reserve(8 * chunk);
  const weightedAt = layout.reserve(8 * chunk);
  const buffer = kernels.buffer(layout.end);
  new Float64Array(buffer, freqsAt, nBins).set(freqs);
  const chunkPower = new Float32Array(buffer, powerAt, chunk * nBins);
  const chunkTotals = new Float64Array(buffer, totalsAt, chunk);
  const chunkWeighted = new Float64Array(buffer, weightedAt, chunk);
  const kernel = kernels.exports.centroidSums as CentroidKernel;
  const totals = new Float64Array(nFrames);
  const weighted = new Float64Array(nFrames);
  for (let t = 0; t < nFrames; t += chunk) {
    const count = Math.min(chunk, nFrames - t);
    chunkPower.set(power.subarray(t * nBins, (t + count) * nBins));
    // the last block's missing frames are zeros, and their sums are dropped
    chunkPower.fill(0, count * nBins, Math.ceil(count / BLOCK) * BLOCK * nBins);
    kernel(powerAt, Math.ceil(count / BLOCK), nBins, freqsAt, totalsAt, weightedAt);
    totals.set(chunkTotals.subarray(0, count), t);
    weighted.set(chunkWeighted.subarray(0, count), t);
  }
  return { totals, weighted };
}

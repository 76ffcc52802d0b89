/**
 * The filter-bank product `out[t, r] = sum_k fb[r, k] * S[t, k]` (mel, chroma) as a WebAssembly
 * SIMD kernel, the same float64 sums in the same order as `applyFilterbankScalar`, so the two agree
 * bit for bit. Each run's dot product keeps four partial sums in two f64x2 lanes, `(s0, s1)` and
 * `(s2, s3)` over bins `j mod 4`, adds the leftover bins to `s0`, and reduces to
 * `(s0 + s1) + (s2 + s3)`; a row adds its runs in order and is rounded to float32 once. The products
 * of two float32 values are exact in float64, and f64x2 has no fused multiply-add, so nothing is
 * rounded differently from the scalar loop.
 *
 * The spectrogram goes through the module's own memory in chunks of frames, so the memory stays
 * about a MiB whatever the clip's length. Shape letters: T = frames, F = FFT bins, R = filter rows.
 */
import { f64, FunctionBuilder, i32, v128, type Local } from '../../wasm/emitter.js';
import type { SparseFilterbank } from '../filterbank.js';
import type { FrameMatrix } from '../frames.js';
import { Layout } from '../../wasm/layout.js';
import { lazyKernels } from './instance.js';

/** Spectrogram bytes copied into the module per kernel call. */
const CHUNK_BYTES = 1 << 20;
/** Bytes per run in the module's run table: row, first bin, length, weight offset (i32 each). */
const RUN_BYTES = 16;

/**
 * `filterbank(S, nFrames, nBins, runs, nRuns, weights, acc, nRows, out)`, addresses in bytes:
 * S `[nFrames, nBins]` f32, the run table `[nRuns, 4]` i32, the weights f32, a scratch `acc`
 * `[nRows]` f64, out `[nFrames, nRows]` f32.
 */
export function emitFilterbank(): FunctionBuilder {
  const f = new FunctionBuilder('filterbank', [i32, i32, i32, i32, i32, i32, i32, i32, i32]);
  const [S, nFrames, nBins, runs, nRuns, weights, acc, nRows, out] = f.params;
  const t = f.local(i32);
  const r = f.local(i32);
  const run = f.local(i32);
  const s = f.local(i32);
  const w = f.local(i32);
  const end = f.local(i32);
  const end4 = f.local(i32);
  const accAt = f.local(i32);
  const frame = f.local(i32);
  const o = f.local(i32);
  const v01 = f.local(v128);
  const v23 = f.local(v128);
  const s0 = f.local(f64);
  const f64At = (base: Local, index: Local) => f.get(base).get(index).i32(3).shl().add();
  /** Two f32 at `ptr + offset` widened to f64x2. */
  const pair = (ptr: Local, offset: number) => f.get(ptr).v128Load64Zero(offset).f64x2PromoteLowF32x4();
  /** `sum += pair(w) * pair(s)` in f64x2. */
  const accumulate = (sum: Local, offset: number) => {
    pair(w, offset);
    pair(s, offset);
    f.f64x2Mul().get(sum).f64x2Add().set(sum);
  };

  f.get(S).set(frame).get(out).set(o);
  f.forRange(t, 0, nFrames, 1, () => {
    f.forRange(r, 0, nRows, 1, () => {
      f64At(acc, r).f64Const0().f64Store();
    });
    f.get(runs).set(run);
    f.forRange(r, 0, nRuns, 1, () => {
      f.get(frame).get(run).i32Load(4).i32(2).shl().add().set(s);
      f.get(weights).get(run).i32Load(12).i32(2).shl().add().set(w);
      f.get(s).get(run).i32Load(8).i32(2).shl().add().set(end);
      f.get(end).i32(-12).add().set(end4); // the 4-bin loop runs while s + 12 < end
      f.v128Zero().set(v01).v128Zero().set(v23);
      f.block(() => {
        f.get(s).get(end4).geS().brIf(0);
        f.loop(() => {
          accumulate(v01, 0);
          accumulate(v23, 8);
          f.addTo(w, w, 16).addTo(s, s, 16);
          f.get(s).get(end4).ltS().brIf(0);
        });
      });
      f.get(v01).f64x2ExtractLane(0).set(s0);
      f.block(() => {
        f.get(s).get(end).geS().brIf(0);
        f.loop(() => {
          f.get(s0).get(w).f32Load().f64PromoteF32().get(s).f32Load().f64PromoteF32().f64Mul().f64Add().set(s0);
          f.addTo(w, w, 4).addTo(s, s, 4);
          f.get(s).get(end).ltS().brIf(0);
        });
      });
      // acc[row] += (s0 + s1) + (s2 + s3)
      f.get(acc).get(run).i32Load(0).i32(3).shl().add().tee(accAt);
      f.get(accAt).f64Load();
      f.get(s0).get(v01).f64x2ExtractLane(1).f64Add();
      f.get(v23).f64x2ExtractLane(0).get(v23).f64x2ExtractLane(1).f64Add();
      f.f64Add().f64Add().f64Store();
      f.addTo(run, run, RUN_BYTES);
    });
    f.forRange(r, 0, nRows, 1, () => {
      f.get(o);
      f64At(acc, r).f64Load().f32DemoteF64().f32Store();
      f.addTo(o, o, 4);
    });
    f.get(frame).get(nBins).i32(2).shl().add().set(frame);
  });
  return f;
}

type FilterbankKernel = (S: number, nFrames: number, nBins: number, runs: number, nRuns: number, weights: number, acc: number, nRows: number, out: number) => void;

/** The kernel's instance, built on first use; null where WebAssembly or its SIMD is missing. */
const filterbankInstance = lazyKernels(() => [emitFilterbank()]);

/** Whether the SIMD filter-bank product runs here (WebAssembly with 128-bit SIMD). */
export function filterbankSimdSupported(): boolean {
  return filterbankInstance() !== null;
}

/**
 * `out[t, r] = sum_k fb[r, k] * S[t, k]` through the SIMD kernel, bit for bit the scalar product.
 * Shapes: S `[T, F]` -> `[T, R]`. Throws where `filterbankSimdSupported()` is false.
 */
export function applyFilterbankSimd(fb: SparseFilterbank, S: Float32Array, nFrames: number): FrameMatrix {
  const kernels = filterbankInstance();
  if (!kernels) throw new Error('applyFilterbankSimd: this engine has no WebAssembly SIMD');
  const { nRows, nBins, runRow, runStart, runEnd, runOffset, weights } = fb;
  const nRuns = runRow.length;
  const chunk = Math.max(1, Math.min(nFrames, Math.floor(CHUNK_BYTES / (4 * nBins))));
  const layout = new Layout();
  const runsAt = layout.reserve(RUN_BYTES * nRuns);
  const weightsAt = layout.reserve(4 * weights.length);
  const accAt = layout.reserve(8 * nRows);
  const spectrumAt = layout.reserve(4 * chunk * nBins);
  const outAt = layout.reserve(4 * chunk * nRows);
  const buffer = kernels.buffer(layout.end);
  const table = new Int32Array(buffer, runsAt, 4 * nRuns);
  for (let i = 0; i < nRuns; i++) {
    table[4 * i] = runRow[i];
    table[4 * i + 1] = runStart[i];
    table[4 * i + 2] = runEnd[i] - runStart[i];
    table[4 * i + 3] = runOffset[i];
  }
  new Float32Array(buffer, weightsAt, weights.length).set(weights);
  const spectrum = new Float32Array(buffer, spectrumAt, chunk * nBins);
  const filtered = new Float32Array(buffer, outAt, chunk * nRows);
  const kernel = kernels.exports.filterbank as FilterbankKernel;
  const data = new Float32Array(nFrames * nRows);
  for (let t = 0; t < nFrames; t += chunk) {
    const n = Math.min(chunk, nFrames - t);
    spectrum.set(S.subarray(t * nBins, (t + n) * nBins));
    kernel(spectrumAt, n, nBins, runsAt, nRuns, weightsAt, accAt, nRows, outAt);
    data.set(filtered.subarray(0, n * nRows), t * nRows);
  }
  return { nFrames, width: nRows, data };
}

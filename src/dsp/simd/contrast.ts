/**
 * Spectral contrast's band extremes as a WebAssembly SIMD kernel: for each frame and band, the means
 * of the square roots of the `n` smallest and the `n` largest powers (`bandExtremes` in
 * `spectral.ts`, the same algorithm). The `n` largest values of a band, kept in descending order,
 * and the `n` smallest, ascending, do not depend on how they are found, and their square roots are
 * summed in that order in float64, so the kernel's peaks and valleys equal the scalar loop's bit for
 * bit. What SIMD buys: four bins at a time are compared against both buffers' edges, and only a
 * block holding a bin that would enter a buffer goes through the insertions one bin at a time.
 *
 * Shape letters: T = frames, F = FFT bins, B = bands.
 */
import { f32, f64, FunctionBuilder, i32, type Local } from '../../wasm/emitter.js';
import type { ContrastBand } from '../spectral.js';
import { Layout } from '../../wasm/layout.js';
import { lazyKernels } from './instance.js';

/** Spectrogram bytes copied into the module per kernel call. */
const CHUNK_BYTES = 1 << 20;
/** Bytes per band in the module's band table: first bin, end bin, n, seed (i32 each). */
const BAND_BYTES = 16;
/** Function indices in the module. */
const PUSH_LARGEST = 0;
const PUSH_SMALLEST = 1;

/**
 * `push(best, n, x)`: insert the f32 `x` into the sorted buffer `best[0..n)`, dropping its last
 * value; descending for `largest` (shift while `best[j-1] < x`), ascending otherwise.
 */
function emitPush(name: string, largest: boolean): FunctionBuilder {
  const f = new FunctionBuilder(name, [i32, i32, f32]);
  const [best, n, x] = f.params;
  const j = f.local(i32);
  const at = f.local(i32);
  const y = f.local(f32);
  f.get(n).i32(-1).add().set(j);
  f.block(() => {
    f.loop(() => {
      f.get(j).eqz().brIf(1);
      f.get(best).get(j).i32(2).shl().add().i32(-4).add().tee(at).f32Load().set(y);
      f.get(y).get(x);
      if (largest) f.f32Lt();
      else f.f32Gt();
      f.eqz().brIf(1);
      f.get(at).get(y).f32Store(4);
      f.get(j).i32(-1).add().set(j);
      f.br(0);
    });
  });
  f.get(best).get(j).i32(2).shl().add().get(x).f32Store();
  return f;
}

/**
 * `contrastExtremes(P, nFrames, nBins, bands, nBands, high, low, peak, valley)`, addresses in bytes:
 * P `[nFrames, nBins]` f32 power, the band table `[nBands, 4]` i32, scratch buffers `high` and `low`
 * of the largest n f32, and out `peak`, `valley` `[nFrames, nBands]` f64 (mean magnitudes).
 */
export function emitContrastExtremes(): FunctionBuilder {
  const f = new FunctionBuilder('contrastExtremes', [i32, i32, i32, i32, i32, i32, i32, i32, i32]);
  const [P, nFrames, nBins, bands, nBands, high, low, peak, valley] = f.params;
  const t = f.local(i32);
  const b = f.local(i32);
  const i = f.local(i32);
  const band = f.local(i32);
  const frame = f.local(i32);
  const lo = f.local(i32);
  const hi = f.local(i32);
  const n = f.local(i32);
  const seed = f.local(i32);
  const p = f.local(i32);
  const end = f.local(i32);
  const highLast = f.local(i32);
  const lowLast = f.local(i32);
  const o = f.local(i32);
  const x = f.local(f32);
  const highEdge = f.local(f32);
  const lowEdge = f.local(f32);
  const highSum = f.local(f64);
  const lowSum = f.local(f64);
  /** The address of the f32 `index` places above `base`. */
  const at = (base: Local, index: Local) => f.get(base).get(index).i32(2).shl().add();
  /** The address of the f32 `index + 1` places below `top` (a band's end, counted down). */
  const below = (top: Local, index: Local) => f.get(top).get(index).i32(2).shl().sub().i32(-4).add();
  /** Offer the bin at `p + offset` to both buffers, as `bandExtremes`' middle loop does. */
  const offer = (offset: number) => {
    f.get(p).f32Load(offset).set(x);
    f.get(x).get(highEdge).f32Gt();
    f.ifElse(() => {
      f.get(high).get(n).get(x).call(PUSH_LARGEST);
      f.get(highLast).f32Load().set(highEdge);
    });
    f.get(x).get(lowEdge).f32Lt();
    f.ifElse(() => {
      f.get(low).get(n).get(x).call(PUSH_SMALLEST);
      f.get(lowLast).f32Load().set(lowEdge);
    });
  };

  f.get(P).set(frame).i32(0).set(o);
  f.forRange(t, 0, nFrames, 1, () => {
    f.get(bands).set(band);
    f.forRange(b, 0, nBands, 1, () => {
      f.get(frame).get(band).i32Load(0).i32(2).shl().add().set(lo);
      f.get(frame).get(band).i32Load(4).i32(2).shl().add().set(hi);
      f.get(band).i32Load(8).set(n);
      f.get(band).i32Load(12).set(seed);
      f.forRange(i, 0, n, 1, () => {
        at(high, i).f32Const(-Infinity).f32Store();
        at(low, i).f32Const(Infinity).f32Store();
      });
      // seed `high` from the bottom of the band and `low` from its top
      f.forRange(i, 0, seed, 1, () => {
        f.get(high).get(n);
        at(lo, i).f32Load().call(PUSH_LARGEST);
        f.get(low).get(n);
        below(hi, i).f32Load().call(PUSH_SMALLEST);
      });
      f.get(high).get(n).i32(2).shl().add().i32(-4).add().tee(highLast).f32Load().set(highEdge);
      f.get(low).get(n).i32(2).shl().add().i32(-4).add().tee(lowLast).f32Load().set(lowEdge);
      f.get(lo).get(seed).i32(2).shl().add().set(p);
      f.get(hi).get(seed).i32(2).shl().sub().set(end);
      // four bins at a time while p + 16 <= end: insertions only for a block with a bin past an edge
      f.block(() => {
        f.loop(() => {
          f.get(end).get(p).i32(16).add().ltS().brIf(1);
          f.get(p).v128Load().get(highEdge).f32x4Splat().f32x4Gt();
          f.get(p).v128Load().get(lowEdge).f32x4Splat().f32x4Lt();
          f.v128Or().v128AnyTrue();
          f.ifElse(() => {
            for (const offset of [0, 4, 8, 12]) offer(offset);
          });
          f.addTo(p, p, 16);
          f.br(0);
        });
      });
      f.block(() => {
        f.loop(() => {
          f.get(p).get(end).geS().brIf(1);
          offer(0);
          f.addTo(p, p, 4);
          f.br(0);
        });
      });
      // the seeded bins against the final edges
      f.forRange(i, 0, seed, 1, () => {
        below(hi, i).f32Load().set(x);
        f.get(x).get(highLast).f32Load().f32Gt();
        f.ifElse(() => {
          f.get(high).get(n).get(x).call(PUSH_LARGEST);
        });
        at(lo, i).f32Load().set(x);
        f.get(x).get(lowLast).f32Load().f32Lt();
        f.ifElse(() => {
          f.get(low).get(n).get(x).call(PUSH_SMALLEST);
        });
      });
      f.f64Const0().set(highSum).f64Const0().set(lowSum);
      f.forRange(i, 0, n, 1, () => {
        f.get(highSum);
        at(high, i).f32Load().f64PromoteF32().f64Sqrt().f64Add().set(highSum);
        f.get(lowSum);
        at(low, i).f32Load().f64PromoteF32().f64Sqrt().f64Add().set(lowSum);
      });
      f.get(peak).get(o).add().get(highSum).get(n).f64ConvertI32S().f64Div().f64Store();
      f.get(valley).get(o).add().get(lowSum).get(n).f64ConvertI32S().f64Div().f64Store();
      f.addTo(o, o, 8);
      f.addTo(band, band, BAND_BYTES);
    });
    f.get(frame).get(nBins).i32(2).shl().add().set(frame);
  });
  return f;
}

type ContrastKernel = (P: number, nFrames: number, nBins: number, bands: number, nBands: number, high: number, low: number, peak: number, valley: number) => void;

/** The kernels' instance, built on first use; null where WebAssembly or its SIMD is missing. */
const contrastInstance = lazyKernels(() => [emitPush('pushLargest', true), emitPush('pushSmallest', false), emitContrastExtremes()]);

/** Whether the SIMD band extremes run here (WebAssembly with 128-bit SIMD). */
export function contrastSimdSupported(): boolean {
  return contrastInstance() !== null;
}

/**
 * Mean magnitude of the `n` largest (`peak`) and `n` smallest (`valley`) powers of each band of each
 * frame, through the SIMD kernel: bit for bit `contrastExtremesScalar`. Shapes: power `[T, F]` ->
 * peak, valley `[T, B]`. Throws where `contrastSimdSupported()` is false.
 */
export function contrastExtremesSimd(power: Float32Array, nFrames: number, nBins: number, bands: readonly ContrastBand[]): { peak: Float64Array; valley: Float64Array } {
  const kernels = contrastInstance();
  if (!kernels) throw new Error('contrastExtremesSimd: this engine has no WebAssembly SIMD');
  const nBands = bands.length;
  const maxN = Math.max(...bands.map((band) => band.n));
  const chunk = Math.max(1, Math.min(nFrames, Math.floor(CHUNK_BYTES / (4 * nBins))));
  const layout = new Layout();
  const bandsAt = layout.reserve(BAND_BYTES * nBands);
  const highAt = layout.reserve(4 * maxN);
  const lowAt = layout.reserve(4 * maxN);
  const powerAt = layout.reserve(4 * chunk * nBins);
  const peakAt = layout.reserve(8 * chunk * nBands);
  const valleyAt = layout.reserve(8 * chunk * nBands);
  const buffer = kernels.buffer(layout.end);
  const table = new Int32Array(buffer, bandsAt, 4 * nBands);
  bands.forEach(({ lo, hi, n }, b) => table.set([lo, hi, n, Math.min(n, (hi - lo) >> 1)], 4 * b));
  const chunkPower = new Float32Array(buffer, powerAt, chunk * nBins);
  const chunkPeak = new Float64Array(buffer, peakAt, chunk * nBands);
  const chunkValley = new Float64Array(buffer, valleyAt, chunk * nBands);
  const kernel = kernels.exports.contrastExtremes as ContrastKernel;
  const peak = new Float64Array(nFrames * nBands);
  const valley = new Float64Array(nFrames * nBands);
  for (let t = 0; t < nFrames; t += chunk) {
    const count = Math.min(chunk, nFrames - t);
    chunkPower.set(power.subarray(t * nBins, (t + count) * nBins));
    kernel(powerAt, count, nBins, bandsAt, nBands, highAt, lowAt, peakAt, valleyAt);
    peak.set(chunkPeak.subarray(0, count * nBands), t * nBands);
    valley.set(chunkValley.subarray(0, count * nBands), t * nBands);
  }
  return { peak, valley };
}

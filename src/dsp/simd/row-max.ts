/**
 * Each frame's largest power, floored at 0 (`max(0, max_k P[t, k])`, the reference piptrack
 * thresholds against), as a WebAssembly SIMD kernel: four running maxima with f32x4.pmax, which
 * like the scalar `if (x > m) m = x` ignores NaN, then the largest of the four. A maximum does not
 * depend on the order of comparisons, so this equals the scalar `rowMax` of `chroma.ts` exactly.
 *
 * Shape letters: T = frames, F = FFT bins.
 */
import { f32, FunctionBuilder, i32, v128 } from '../../wasm/emitter.js';
import { Layout } from '../../wasm/layout.js';
import { lazyKernels } from './instance.js';

/** Spectrogram bytes copied into the module per kernel call. */
const CHUNK_BYTES = 1 << 20;

/** `rowMaxima(P, nFrames, nBins, out)`, addresses in bytes: P `[T, F]` f32, out `[T]` f32. */
export function emitRowMaxima(): FunctionBuilder {
  const f = new FunctionBuilder('rowMaxima', [i32, i32, i32, i32]);
  const [P, nFrames, nBins, out] = f.params;
  const t = f.local(i32);
  const p = f.local(i32);
  const end = f.local(i32);
  const maxima = f.local(v128);
  const m = f.local(f32);
  const x = f.local(f32);
  /** `if (x > m) m = x` for the f32 `x` on the stack. */
  const keepLarger = () => {
    f.set(x).get(x).get(m).f32Gt();
    f.ifElse(() => f.get(x).set(m));
  };

  f.get(P).set(p);
  f.forRange(t, 0, nFrames, 1, () => {
    f.get(p).get(nBins).i32(2).shl().add().set(end);
    f.v128Zero().set(maxima);
    f.block(() => {
      f.loop(() => {
        f.get(end).get(p).i32(16).add().ltS().brIf(1);
        f.get(maxima).get(p).v128Load().f32x4Pmax().set(maxima);
        f.addTo(p, p, 16);
        f.br(0);
      });
    });
    f.get(maxima).f32x4ExtractLane(0).set(m);
    for (const lane of [1, 2, 3]) {
      f.get(maxima).f32x4ExtractLane(lane);
      keepLarger();
    }
    f.block(() => {
      f.loop(() => {
        f.get(p).get(end).geS().brIf(1);
        f.get(p).f32Load();
        keepLarger();
        f.addTo(p, p, 4);
        f.br(0);
      });
    });
    f.get(out).get(t).i32(2).shl().add().get(m).f32Store();
  });
  return f;
}

type RowMaximaKernel = (P: number, nFrames: number, nBins: number, out: number) => void;

/** The kernel's instance, built on first use; null where WebAssembly or its SIMD is missing. */
const rowMaxInstance = lazyKernels(() => [emitRowMaxima()]);

/** Whether the SIMD row maxima run here (WebAssembly with 128-bit SIMD). */
export function rowMaximaSimdSupported(): boolean {
  return rowMaxInstance() !== null;
}

/**
 * `out[t] = max(0, max_k P[t, k])` (NaN ignored) through the SIMD kernel. Shapes: `[T, F]` -> `[T]`.
 * Throws where `rowMaximaSimdSupported()` is false.
 */
export function rowMaximaSimd(power: Float32Array, nFrames: number, nBins: number): Float32Array {
  const kernels = rowMaxInstance();
  if (!kernels) throw new Error('rowMaximaSimd: this engine has no WebAssembly SIMD');
  const chunk = Math.max(1, Math.min(nFrames, Math.floor(CHUNK_BYTES / (4 * nBins))));
  const layout = new Layout();
  const powerAt = layout.reserve(4 * chunk * nBins);
  const outAt = layout.reserve(4 * chunk);
  const buffer = kernels.buffer(layout.end);
  const chunkPower = new Float32Array(buffer, powerAt, chunk * nBins);
  const chunkOut = new Float32Array(buffer, outAt, chunk);
  const kernel = kernels.exports.rowMaxima as RowMaximaKernel;
  const out = new Float32Array(nFrames);
  for (let t = 0; t < nFrames; t += chunk) {
    const count = Math.min(chunk, nFrames - t);
    chunkPower.set(power.subarray(t * nBins, (t + count) * nBins));
    kernel(powerAt, count, nBins, outAt);
    out.set(chunkOut.subarray(0, count), t);
  }
  return out;
}

/**
 * Sample-rate conversion as `librosa.load(path, sr=22050)` does it: libsoxr's 'HQ' resampler
 * (python-soxr, float32) followed by `librosa.util.fix_length` to `ceil(n * target / orig)` samples.
 * The stages and their filters come from `soxrHqStages`; they run here in float64 (soxr runs them in
 * float32), so the two agree to float32 precision (docs/dsp.md has the measured distances).
 * Shape letters: n = input samples, N = output samples.
 */
import FFT from 'fft.js';
import { soxrHqStages, type FirStage } from './resample-plan.js';

/** Filters longer than this many taps per output run by FFT (overlap-save), shorter ones directly. */
const DIRECT_TAPS = 64;

/** Number of outputs of a stage: every k whose time `k * down / up` is at most the input's last sample plus the filter's reach. */
function stageLength(n: number, { up, down, taps }: FirStage): number {
  return Math.floor(((n - 1) * up + (taps.length - 1) / 2) / down) + 1;
}

/**
 * 2:1 half-band decimation, `out[k] = x[2k] / 2 + sum_j c_j (x[2k - 2j - 1] + x[2k + 2j + 1])`,
 * with x = 0 outside its range (the stage's zero taps skipped).
 */
function runHalfband(x: Float64Array, stage: FirStage): Float64Array {
  const { taps } = stage;
  const mid = (taps.length - 1) / 2;
  const nCoefs = (mid + 1) / 2;
  const coefs = Float64Array.from({ length: nCoefs }, (_, j) => taps[mid + 2 * j + 1]);
  const n = x.length;
  const out = new Float64Array(stageLength(n, stage));
  for (let k = 0; k < out.length; k++) {
    const at = 2 * k;
    let sum = at < n ? 0.5 * x[at] : 0;
    for (let j = 0; j < nCoefs; j++) {
      const before = at - 2 * j - 1;
      const after = at + 2 * j + 1;
      sum += coefs[j] * ((before >= 0 && before < n ? x[before] : 0) + (after < n ? x[after] : 0));
    }
    out[k] = sum;
  }
  return out;
}

/**
 * A stage computed directly in polyphase form: output k reads phase `r = (c + k * down) mod up`,
 * `out[k] = sum_i taps[r + i * up] * x[q - i]` with `q = floor((c + k * down) / up)`.
 */
function runDirect(x: Float64Array, stage: FirStage): Float64Array {
  const { up, down, taps } = stage;
  const c = (taps.length - 1) / 2;
  const width = Math.ceil(taps.length / up);
  const phases = new Float64Array(up * width); // phases[r * width + i] = taps[r + i * up]
  for (let r = 0; r < up; r++) for (let i = 0; r + i * up < taps.length; i++) phases[r * width + i] = taps[r + i * up];
  const n = x.length;
  const out = new Float64Array(stageLength(n, stage));
  for (let k = 0; k < out.length; k++) {
    const pos = c + k * down;
    const q = Math.floor(pos / up);
    const row = (pos - q * up) * width;
    const from = Math.max(0, q - n + 1);
    const to = Math.min(width, q + 1);
    let sum = 0;
    for (let i = from; i < to; i++) sum += phases[row + i] * x[q - i];
    out[k] = sum;
  }
  return out;
}

/**
 * A stage computed by FFT, overlap-save: `z = taps * u` for the zero-stuffed `u[q * up] = x[q]`, two
 * real blocks per complex FFT (one in the real part, one in the imaginary part), then
 * `out[k] = z[c + k * down]`. FFT size: four times the filter length, rounded up to a power of two.
 */
function runFft(x: Float64Array, stage: FirStage): Float64Array {
  const { up, down, taps } = stage;
  const len = taps.length;
  const c = (len - 1) / 2;
  const size = 1 << Math.ceil(Math.log2(4 * len));
  const block = size - len + 1;
  const fft = new FFT(size);
  // Plain arrays: fft.js is faster on them than on Float64Arrays.
  const spectrum: number[] = fft.createComplexArray();
  const buffer: number[] = fft.createComplexArray();
  for (let i = 0; i < len; i++) buffer[2 * i] = taps[i];
  const filter: number[] = fft.createComplexArray();
  fft.transform(filter, buffer);
  const n = x.length;
  const out = new Float64Array(stageLength(n, stage));
  const mLast = c + (out.length - 1) * down;
  /** Write `u[start .. start + size)` into the real (part 0) or imaginary (part 1) lane of `buffer`. */
  const load = (start: number, part: number) => {
    for (let j = part; j < 2 * size; j += 2) buffer[j] = 0;
    const qFirst = Math.max(0, Math.ceil(start / up));
    const qEnd = Math.min(n, Math.floor((start + size - 1) / up) + 1);
    for (let q = qFirst; q < qEnd; q++) buffer[2 * (q * up - start) + part] = x[q];
  };
  for (let m0 = c; m0 <= mLast; m0 += 2 * block) {
    load(m0 - len + 1, 0);
    load(m0 + block - len + 1, 1);
    fft.transform(spectrum, buffer);
    for (let j = 0; j < 2 * size; j += 2) {
      const re = spectrum[j];
      const im = spectrum[j + 1];
      spectrum[j] = re * filter[j] - im * filter[j + 1];
      spectrum[j + 1] = re * filter[j + 1] + im * filter[j];
    }
    fft.inverseTransform(buffer, spectrum);
    for (let half = 0; half < 2; half++) {
      const start = m0 + half * block; // z[start + t] = buffer[2 (len - 1 + t) + half]
      const first = Math.ceil((start - c) / down);
      for (let k = first; k < out.length; k++) {
        const t = c + k * down - start;
        if (t >= block) break;
        out[k] = buffer[2 * (len - 1 + t) + half];
      }
    }
  }
  return out;
}

/** Run one stage on the whole signal. */
function runStage(x: Float64Array, stage: FirStage): Float64Array {
  if (stage.kind === 'halfband') return runHalfband(x, stage);
  return stage.taps.length / stage.up <= DIRECT_TAPS ? runDirect(x, stage) : runFft(x, stage);
}

const planCache = new Map<string, FirStage[]>();

/** The soxr 'HQ' stages for this rate pair, designed once and cached. */
function cachedStages(origSr: number, targetSr: number): FirStage[] {
  const key = `${origSr}/${targetSr}`;
  let stages = planCache.get(key);
  if (!stages) {
    stages = soxrHqStages(origSr, targetSr);
    planCache.set(key, stages);
  }
  return stages;
}

/**
 * Resample `y` from `origSr` to `targetSr` Hz (positive integers): the soxr 'HQ' stages of
 * `soxrHqStages` with `y` taken as 0 outside its range, output k at input time `k * origSr / targetSr`;
 * soxr's `floor(n * targetSr / origSr + 0.5)` samples, then zero-padded (or cut) to librosa's
 * `ceil(n * targetSr / origSr)`. Shapes: `[n]` -> `[N]`.
 * = `librosa.resample(y, orig_sr=origSr, target_sr=targetSr, res_type='soxr_hq')` on float32 `y`, the
 * step inside `librosa.load(path, sr=targetSr)`. Throws a RangeError for rates soxr would handle
 * with interpolated filters (see `soxrHqStages`).
 */
export function resample(y: Float32Array, origSr: number, targetSr: number): Float32Array {
  if (!Number.isInteger(origSr) || !Number.isInteger(targetSr) || origSr <= 0 || targetSr <= 0) {
    throw new RangeError(`resample: sample rates must be positive integers, got ${origSr} -> ${targetSr}`);
  }
  if (origSr === targetSr) return y.slice();
  const stages = cachedStages(origSr, targetSr);
  const n = y.length;
  const soxrLength = Math.floor(n / (origSr / targetSr) + 0.5);
  const librosaLength = Math.ceil(n * (targetSr / origSr));
  const out = new Float32Array(librosaLength);
  if (n === 0) return out;
  let x: Float64Array = new Float64Array(y);
  for (const stage of stages) x = runStage(x, stage);
  const kept = Math.min(soxrLength, librosaLength, x.length);
  for (let i = 0; i < kept; i++) out[i] = x[i];
  return out;
}

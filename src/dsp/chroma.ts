/**
 * Chroma from the power spectrogram, with librosa's tuning estimation (piptrack + histogram).
 * Shape letters: T = frames, F = FFT bins, C = chroma classes (row 0 is C when baseC).
 * The tuning estimator is a histogram of float32 values, so its intermediate steps repeat
 * librosa's float32 roundings (`Math.fround`) to land in the same bins.
 */
import { applyFilterbank, sparseFilterbank, type SparseFilterbank } from './filterbank.js';
import { checkPositiveInt, type FrameMatrix } from './frames.js';
import { rowMaximaSimd, rowMaximaSimdSupported } from './simd/row-max.js';
import { fftFrequencies, type Spectrogram } from './stft.js';

/** Spectral peaks found by `piptrack`: instantaneous frequency (Hz) and interpolated magnitude. */
export interface PitchPeaks {
  pitch: Float32Array;
  mag: Float32Array;
}

/** Options of `piptrackPeaks`; defaults are librosa's. */
export interface PiptrackOptions {
  fmin?: number;
  fmax?: number;
  threshold?: number;
}

/** `max(0, S[row .. row + n))`, four running maxima at a time (the maximum does not depend on the order). */
function rowMax(S: Float32Array, row: number, n: number): number {
  let m0 = 0;
  let m1 = 0;
  let m2 = 0;
  let m3 = 0;
  let k = 0;
  for (; k + 3 < n; k += 4) {
    if (S[row + k] > m0) m0 = S[row + k];
    if (S[row + k + 1] > m1) m1 = S[row + k + 1];
    if (S[row + k + 2] > m2) m2 = S[row + k + 2];
    if (S[row + k + 3] > m3) m3 = S[row + k + 3];
  }
  for (; k < n; k++) if (S[row + k] > m0) m0 = S[row + k];
  return Math.max(m0, m1, m2, m3);
}

/**
 * Each frame's `max(0, max_k S[t, k])` (NaN ignored) in plain loops: the portable path of
 * `piptrackPeaks`, and the reference its SIMD kernel (`simd/row-max.ts`) is checked against.
 * Shapes: `[T, F]` -> `[T]`.
 */
export function frameMaximaScalar(S: Float32Array, nFrames: number, nBins: number): Float32Array {
  const out = new Float32Array(nFrames);
  for (let t = 0; t < nFrames; t++) out[t] = rowMax(S, t * nBins, nBins);
  return out;
}

/**
 * Peaks of the power spectrogram by parabolic interpolation. In each frame, bin k (with
 * `fmin <= f_k < fmax`) is a peak if `x[k] > x[k-1]` and `x[k] >= x[k+1]` for
 * `x = S * (S > threshold * max_k S)`; it yields `pitch = (k + shift) * sr / nFft` and
 * `mag = S[k] + 0.5 * gradient(S)[k] * shift`, where `shift = -b/a` with `a = S[k+1] + S[k-1] - 2S[k]`,
 * `b = (S[k+1] - S[k-1]) / 2` (0 when `|b| >= |a|`). Shapes: `[T, F]` -> two lists of peaks.
 * = the nonzero entries of `librosa.piptrack(S=|X|**2, sr=sr, n_fft=nFft, fmin=150, fmax=4000,
 *   threshold=0.1, ref=np.max)`, with its float32 arithmetic (numba computes `a`, `b` and `-b/a`
 *   in float64 from float32 inputs, then stores float32).
 */
export function piptrackPeaks(spec: Spectrogram, { fmin = 150, fmax = 4000, threshold = 0.1 }: PiptrackOptions = {}): PitchPeaks {
  const { nFrames, nBins, power: S, sr, nFft } = spec;
  const freqs = fftFrequencies(sr, nFft);
  const lo = Math.max(fmin, 0);
  const hi = Math.min(fmax, sr / 2);
  let kFirst = 0;
  while (kFirst < nBins && !(freqs[kFirst] >= lo)) kFirst++;
  let kEnd = kFirst;
  while (kEnd < nBins && freqs[kEnd] < hi) kEnd++;
  const relThreshold = Math.fround(threshold);
  const pitch: number[] = [];
  const mag: number[] = [];
  const maxima = (rowMaximaSimdSupported() ? rowMaximaSimd : frameMaximaScalar)(S, nFrames, nBins);
  // f < min(fmax, sr/2) keeps the Nyquist bin out, so every candidate has both neighbours.
  for (let t = 0; t < nFrames; t++) {
    const row = t * nBins;
    const ref = Math.fround(relThreshold * maxima[t]);
    for (let k = Math.max(kFirst, 1); k < kEnd; k++) {
      const x = S[row + k];
      const down = S[row + k - 1];
      const up = S[row + k + 1];
      // Local max of S * (S > ref); a thresholded 0 is never a strict local max.
      if (!(x > ref) || !(x > (down > ref ? down : 0)) || !(x >= (up > ref ? up : 0))) continue;
      const a = Math.fround(up + down) - 2 * x;
      const b = Math.fround(up - down) / 2;
      const shift = Math.abs(b) >= Math.abs(a) ? 0 : Math.fround(-b / a);
      const gradient = Math.fround(Math.fround(up - down) / 2);
      pitch.push(Math.fround(((k + shift) * sr) / nFft));
      mag.push(Math.fround(x + Math.fround(Math.fround(0.5 * gradient) * shift)));
    }
  }
  return { pitch: Float32Array.from(pitch), mag: Float32Array.from(mag) };
}

/** Options of the tuning estimators; defaults are librosa's. */
export interface TuningOptions {
  resolution?: number;
  binsPerOctave?: number;
}

/**
 * Tuning offset (fractions of a bin, in [-0.5, 0.5)) of a set of frequencies relative to A440:
 * `r = (binsPerOctave * log2(f / 27.5)) mod 1`, minus 1 where `r >= 0.5`, histogrammed over
 * `linspace(-0.5, 0.5, ceil(1/resolution) + 1)`; the result is the left edge of the fullest bin
 * (the first on ties), or 0 when no frequency is positive.
 * = `librosa.pitch_tuning(frequencies, resolution=0.01, bins_per_octave=12)` on float32
 * frequencies (the residuals are float32, as in numpy).
 */
export function pitchTuning(frequencies: ArrayLike<number>, { resolution = 0.01, binsPerOctave = 12 }: TuningOptions = {}): number {
  const nHist = Math.ceil(1.0 / resolution);
  const step = 1.0 / nHist;
  const edges = new Float64Array(nHist + 1);
  for (let i = 0; i < nHist; i++) edges[i] = i * step + -0.5;
  edges[nHist] = 0.5;
  const counts = new Int32Array(nHist);
  let any = false;
  for (let i = 0; i < frequencies.length; i++) {
    const f = frequencies[i];
    if (!(f > 0)) continue;
    any = true;
    const octs = Math.fround(Math.log2(Math.fround(f / 27.5)));
    const x = Math.fround(binsPerOctave * octs);
    let r = Math.fround(x - Math.floor(x)); // exact: the fraction of a float32 is a float32
    if (r >= 0.5) r = Math.fround(r - 1.0);
    let b = Math.min(nHist - 1, Math.max(0, Math.floor((r + 0.5) * nHist)));
    while (b > 0 && r < edges[b]) b--;
    while (b < nHist - 1 && r >= edges[b + 1]) b++;
    counts[b]++;
  }
  if (!any) return 0.0;
  let best = 0;
  for (let b = 1; b < nHist; b++) if (counts[b] > counts[best]) best = b;
  return edges[best];
}

/** Rearrange `a` so that `a[k]` is the k-th smallest value, smaller ones before it (quickselect). */
function selectKth(a: Float32Array, k: number): void {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const tmp = a[i];
        a[i++] = a[j];
        a[j--] = tmp;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/**
 * Median of float32 values the way `np.median` computes it on a float32 array: the middle value,
 * or the float32 mean of the two middle values. Reorders `values`.
 */
function float32Median(values: Float32Array): number {
  const mid = values.length >> 1;
  selectKth(values, mid);
  if (values.length % 2 === 1) return values[mid];
  let below = values[0];
  for (let i = 1; i < mid; i++) if (values[i] > below) below = values[i];
  return Math.fround(Math.fround(below + values[mid]) / 2);
}

/**
 * Tuning estimate of a power spectrogram: run `piptrackPeaks`, keep the peaks whose magnitude is at
 * least the median peak magnitude, and pass their frequencies to `pitchTuning`.
 * = `librosa.estimate_tuning(S=|X|**2, sr=sr, n_fft=nFft, resolution=0.01, bins_per_octave=12)`,
 * the tuning `librosa.feature.chroma_stft(y=y)` estimates when `tuning=None`.
 */
export function estimateTuning(spec: Spectrogram, options: TuningOptions & PiptrackOptions = {}): number {
  const { pitch, mag } = piptrackPeaks(spec, options);
  const voiced = mag.filter((_, i) => pitch[i] > 0);
  const threshold = voiced.length > 0 ? float32Median(voiced) : 0.0;
  const kept = pitch.filter((p, i) => p > 0 && mag[i] >= threshold);
  return pitchTuning(kept, options);
}

/** Chroma filter bank `[nChroma, nBins]` (librosa layout: row c, column k), float32 weights. */
export interface ChromaFilterbank {
  nChroma: number;
  nBins: number;
  weights: Float32Array;
}

/** Options of the chroma filter bank; defaults are librosa's. */
export interface ChromaOptions {
  nChroma?: number;
  tuning?: number;
  ctroct?: number;
  octwidth?: number;
  baseC?: boolean;
}

/**
 * Chroma filter bank: with `b_k = nChroma * log2(f_k / (A440/16))`, `A440 = 440 * 2^(tuning/nChroma)`
 * (bin 0 gets `b_1 - 1.5 nChroma`), `W[c, k] = exp(-0.5 * (2 D / w_k)^2)` where D is `b_k - c`
 * wrapped into [-nChroma/2, nChroma/2) and `w_k = max(b_{k+1} - b_k, 1)`; each column is
 * L2-normalised, weighted by `exp(-0.5 * ((b_k/nChroma - ctroct) / octwidth)^2)`, the rows are
 * rolled so row 0 is C, and the first nFft/2 + 1 columns are kept, rounded to float32.
 * = `librosa.filters.chroma(sr=sr, n_fft=nFft, n_chroma=12, tuning=tuning, ctroct=5.0,
 *   octwidth=2, norm=2, base_c=True, dtype=np.float32)`.
 */
export function chromaFilterbank(sr: number, nFft: number, { nChroma = 12, tuning = 0.0, ctroct = 5.0, octwidth = 2, baseC = true }: ChromaOptions = {}): ChromaFilterbank {
  checkPositiveInt('nChroma', nChroma);
  const a440 = 440.0 * 2.0 ** (tuning / nChroma);
  const frqbins = new Float64Array(nFft);
  const binHz = sr / nFft;
  for (let k = 1; k < nFft; k++) frqbins[k] = nChroma * Math.log2((k * binHz) / (a440 / 16));
  frqbins[0] = frqbins[1] - 1.5 * nChroma;
  const half = Math.round(nChroma / 2);
  const nBins = (nFft >> 1) + 1;
  const roll = baseC ? 3 * Math.floor(nChroma / 12) : 0;
  const weights = new Float32Array(nChroma * nBins);
  const column = new Float64Array(nChroma);
  for (let k = 0; k < nBins; k++) {
    const width = Math.max(frqbins[k + 1] - frqbins[k], 1.0);
    let norm = 0;
    for (let c = 0; c < nChroma; c++) {
      // numpy's remainder: C fmod (JS %), moved into [0, nChroma) when negative.
      const v = (frqbins[k] - c + half + 10 * nChroma) % nChroma;
      const d = (v < 0 ? v + nChroma : v) - half;
      column[c] = Math.exp(-0.5 * ((2 * d) / width) ** 2);
      norm += column[c] * column[c];
    }
    norm = Math.sqrt(norm);
    const octave = Math.exp(-0.5 * ((frqbins[k] / nChroma - ctroct) / octwidth) ** 2);
    for (let c = 0; c < nChroma; c++) {
      const row = (c - roll + nChroma) % nChroma;
      weights[row * nBins + k] = (column[c] / norm) * octave;
    }
  }
  return { nChroma, nBins, weights };
}

/**
 * Chroma weights below this fraction of their column's largest weight are skipped. A frame's
 * largest chroma value is at least 1/12 of `sum_k colmax_k * S_k`, so skipping changes the
 * normalised chroma by less than `12 * CHROMA_SKIP` = 1.2e-8, below float32 resolution, while
 * halving the work (the Gaussians are ~7 semitones wide out of 12).
 */
const CHROMA_SKIP = 1e-9;

const chromaCache = new Map<string, SparseFilterbank>();

/** The chroma filter bank for these settings without its negligible weights, built once and cached. */
function skippedChromaFilterbank(sr: number, nFft: number, options: ChromaOptions): SparseFilterbank {
  const key = JSON.stringify([sr, nFft, options.nChroma, options.tuning, options.ctroct, options.octwidth, options.baseC]);
  let fb = chromaCache.get(key);
  if (!fb) {
    const { nChroma, nBins, weights } = chromaFilterbank(sr, nFft, options);
    const colMax = new Float64Array(nBins);
    for (let i = 0; i < weights.length; i++) colMax[i % nBins] = Math.max(colMax[i % nBins], weights[i]);
    fb = sparseFilterbank(weights, nChroma, nBins, (w, _, k) => w >= CHROMA_SKIP * colMax[k]);
    chromaCache.set(key, fb);
  }
  return fb;
}

/**
 * Chromagram: `raw[t, c] = sum_k W[c, k] * |X[k, t]|^2` with the chroma filter bank for `tuning`
 * (estimated with `estimateTuning` when omitted), then each frame divided by its max (frames whose
 * max is below float32 `tiny`, i.e. silence, stay 0). Shapes: `[T, F]` -> `[T, nChroma]`.
 * = `librosa.feature.chroma_stft(y=y, sr=22050, n_fft=2048, hop_length=512, n_chroma=12,
 *   norm=np.inf, tuning=None)`.
 */
export function chromaStft(spec: Spectrogram, options: ChromaOptions = {}): FrameMatrix {
  const tuning = options.tuning ?? estimateTuning(spec);
  const fb = skippedChromaFilterbank(spec.sr, spec.nFft, { ...options, tuning });
  const nChroma = fb.nRows;
  const raw = applyFilterbank(fb, spec.power, spec.nFrames);
  const out = raw.data;
  const tiny = 1.1754943508222875e-38; // np.finfo(np.float32).tiny
  for (let o = 0; o < out.length; o += nChroma) {
    let max = 0;
    for (let c = 0; c < nChroma; c++) if (out[o + c] > max) max = out[o + c];
    if (max >= tiny) for (let c = 0; c < nChroma; c++) out[o + c] /= max;
  }
  return raw;
}

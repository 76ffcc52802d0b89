/**
 * Slaney mel scale, the mel filter bank, the mel spectrogram and `power_to_db`.
 * Shape letters: T = frames, F = FFT bins, M = mel bands.
 * The filter bank is stored sparsely: each mel band is one run of nonzero FFT bins.
 */
import { applyFilterbank, sparseFilterbank, type SparseFilterbank } from './filterbank.js';
import { checkPositiveInt, type FrameMatrix } from './frames.js';
import { fftFrequencies, type Spectrogram } from './stft.js';

const F_SP = 200 / 3; // Hz per mel below 1 kHz
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP; // 15
const LOG_STEP = Math.log(6.4) / 27.0;

/**
 * Hz to mel on the Slaney (Auditory Toolbox) scale: `f / (200/3)` below 1 kHz, then
 * `15 + ln(f / 1000) / (ln(6.4) / 27)`.
 * = `librosa.hz_to_mel(f, htk=False)`.
 */
export function hzToMel(f: number): number {
  return f >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(f / MIN_LOG_HZ) / LOG_STEP : f / F_SP;
}

/**
 * Mel to Hz on the Slaney scale, the inverse of `hzToMel`: `(200/3) * m` below mel 15, then
 * `1000 * exp((ln(6.4) / 27) * (m - 15))`.
 * = `librosa.mel_to_hz(m, htk=False)`.
 */
export function melToHz(m: number): number {
  return m >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (m - MIN_LOG_MEL)) : F_SP * m;
}

/**
 * `nMels` frequencies in Hz spaced uniformly on the Slaney mel scale from `fmin` to `fmax`
 * (both included), with numpy's linspace arithmetic `i * step + start`.
 * = `librosa.mel_frequencies(n_mels=nMels, fmin=fmin, fmax=fmax, htk=False)`.
 */
export function melFrequencies(nMels: number, fmin: number, fmax: number): Float64Array {
  const lo = hzToMel(fmin);
  const hi = hzToMel(fmax);
  const step = (hi - lo) / (nMels - 1);
  const out = new Float64Array(nMels);
  for (let i = 0; i < nMels; i++) out[i] = melToHz(i === nMels - 1 ? hi : i * step + lo);
  return out;
}

/** Options of the mel filter bank; defaults are librosa's. */
export interface MelOptions {
  nMels?: number;
  fmin?: number;
  fmax?: number;
}

/**
 * Slaney-normalised triangular mel filter bank `[nMels, nFft/2 + 1]`. With band edges
 * `m = melFrequencies(nMels + 2, fmin, fmax)`, row i is
 * `max(0, min((f - m[i]) / (m[i+1] - m[i]), (m[i+2] - f) / (m[i+2] - m[i+1]))) * 2 / (m[i+2] - m[i])`
 * over the FFT bin frequencies f, rounded to float32 in the same two steps as librosa.
 * = `librosa.filters.mel(sr=sr, n_fft=nFft, n_mels=128, fmin=0, fmax=sr/2, htk=False,
 *   norm='slaney', dtype=np.float32)`.
 */
export function melFilterbank(sr: number, nFft: number, { nMels = 128, fmin = 0, fmax = sr / 2 }: MelOptions = {}): SparseFilterbank {
  checkPositiveInt('nMels', nMels);
  const freqs = fftFrequencies(sr, nFft);
  const edges = melFrequencies(nMels + 2, fmin, fmax);
  const nBins = freqs.length;
  const dense = new Float32Array(nMels * nBins);
  for (let i = 0; i < nMels; i++) {
    const lowWidth = edges[i + 1] - edges[i];
    const highWidth = edges[i + 2] - edges[i + 1];
    const enorm = 2.0 / (edges[i + 2] - edges[i]);
    for (let k = 0; k < nBins; k++) {
      const lower = -(edges[i] - freqs[k]) / lowWidth;
      const upper = (edges[i + 2] - freqs[k]) / highWidth;
      dense[i * nBins + k] = Math.fround(Math.max(0, Math.min(lower, upper))) * enorm;
    }
  }
  return sparseFilterbank(dense, nMels, nBins, (w) => w > 0);
}

const melCache = new Map<string, SparseFilterbank>();

/** The mel filter bank for these settings, built once and cached. */
export function cachedMelFilterbank(sr: number, nFft: number, nMels: number): SparseFilterbank {
  const key = `${sr}/${nFft}/${nMels}`;
  let fb = melCache.get(key);
  if (!fb) {
    fb = melFilterbank(sr, nFft, { nMels });
    melCache.set(key, fb);
  }
  return fb;
}

/**
 * Mel power spectrogram `mel[t, i] = sum_k W[i, k] * |X[k, t]|^2` with the Slaney filter bank.
 * Shapes: spectrogram `[T, F]` -> `[T, nMels]`.
 * = `librosa.feature.melspectrogram(y=y, sr=22050, n_fft=2048, hop_length=512, power=2.0,
 *   n_mels=128, fmin=0, fmax=sr/2, htk=False, norm='slaney')`.
 */
export function melSpectrogram(spec: Spectrogram, { nMels = 128 }: { nMels?: number } = {}): FrameMatrix {
  return applyFilterbank(cachedMelFilterbank(spec.sr, spec.nFft, nMels), spec.power, spec.nFrames);
}

/** Options of `powerToDb`; defaults are librosa's. */
export interface PowerToDbOptions {
  ref?: number;
  amin?: number;
  /** Floor at `max - topDb`, the max taken over the whole array; `null` disables the floor. */
  topDb?: number | null;
}

/**
 * Decibels of `src` written into `dst`: `10*log10(max(amin, x)) - 10*log10(max(amin, ref))`, then
 * `max(db, max(db) - topDb)` where the max runs over the whole array (all frames and bands).
 */
export function powerToDbValues(src: ArrayLike<number>, dst: Float32Array | Float64Array, { ref = 1.0, amin = 1e-10, topDb = 80.0 }: PowerToDbOptions = {}): void {
  if (!(amin > 0)) throw new RangeError('powerToDb: amin must be strictly positive');
  const dbPerNeper = 10 / Math.LN10; // 10*log10(x) = (10/ln 10) * ln(x); Math.log is ~2x faster than Math.log10
  const refDb = dbPerNeper * Math.log(Math.max(amin, Math.abs(ref)));
  let max = -Infinity;
  for (let i = 0; i < src.length; i++) {
    dst[i] = dbPerNeper * Math.log(Math.max(amin, src[i])) - refDb;
    if (dst[i] > max) max = dst[i];
  }
  if (topDb === null) return;
  if (topDb < 0) throw new RangeError('powerToDb: topDb must be non-negative');
  const floor = max - topDb;
  for (let i = 0; i < dst.length; i++) if (dst[i] < floor) dst[i] = floor;
}

/**
 * Power spectrogram to decibels with a clip-level floor: `db = 10*log10(max(amin, S) / ref)`, then
 * `max(db, max(db) - topDb)` where the max is over the WHOLE matrix (so the result of one frame
 * depends on the loudest frame of the clip). Shapes: `[T, n]` -> `[T, n]`.
 * = `librosa.power_to_db(S, ref=1.0, amin=1e-10, top_db=80.0)` on a float32 `S` (numpy then uses
 * `amin` rounded to float32, and so does this).
 */
export function powerToDb(S: FrameMatrix, options: PowerToDbOptions = {}): FrameMatrix {
  const data = new Float32Array(S.data.length);
  powerToDbValues(S.data, data, { ...options, amin: Math.fround(options.amin ?? 1e-10) });
  return { nFrames: S.nFrames, width: S.width, data };
}

/**
 * Frame-wise spectral and time-domain descriptors: centroid, bandwidth, rolloff, flatness, contrast,
 * amplitude-spectrum statistics (from the spectrogram) and zero-crossing rate, RMS (from the signal).
 * Shape letters: T = frames, F = FFT bins, B = contrast bands + 1.
 */
import { checkPositiveInt, type FrameMatrix } from './frames.js';
import { powerToDbValues } from './mel.js';
import { centroidSimdSupported, centroidSumsSimd } from './simd/centroid.js';
import { contrastExtremesSimd, contrastSimdSupported } from './simd/contrast.js';
import { fftFrequencies, type Spectrogram } from './stft.js';

const FLOAT32_TINY = 1.1754943508222875e-38; // np.finfo(np.float32).tiny

/**
 * Spectral centroid in Hz, `c[t] = sum_k f_k * S[t, k] / sum_k S[t, k]` on the magnitude
 * spectrogram `S = sqrt(power)`; a frame whose magnitudes sum below float32 `tiny` (silence) is left
 * unnormalised, which gives 0. Shapes: `[T, F]` -> `[T, 1]`.
 * = `librosa.feature.spectral_centroid(y=y, sr=22050, n_fft=2048, hop_length=512)`.
 */
export function spectralCentroid(spec: Spectrogram): FrameMatrix {
  const { nFrames, nBins, power } = spec;
  const freqs = fftFrequencies(spec.sr, spec.nFft);
  const sums = centroidSimdSupported() ? centroidSumsSimd : centroidSumsScalar;
  const { totals, weighted } = sums(power, nFrames, nBins, freqs);
  const out = new Float32Array(nFrames);
  for (let t = 0; t < nFrames; t++) out[t] = totals[t] < FLOAT32_TINY ? weighted[t] : weighted[t] / totals[t];
  return { nFrames, width: 1, data: out };
}

/**
 * Per frame the magnitude total `sum_k sqrt(P[t, k])` and the weighted `sum_k f_k * sqrt(P[t, k])`,
 * each summed over k in order in float64, four frames per pass over the bins. Shapes: power `[T, F]`,
 * freqs `[F]` -> `[T]`, `[T]`. The portable path behind `spectralCentroid`, and the reference its SIMD
 * kernel (`simd/centroid.ts`) is checked against.
 */
export function centroidSumsScalar(power: Float32Array, nFrames: number, nBins: number, freqs: Float64Array): { totals: Float64Array; weighted: Float64Array } {
  const totals = new Float64Array(nFrames);
  const weighted = new Float64Array(nFrames);
  let t = 0;
  for (; t + 3 < nFrames; t += 4) {
    const a = t * nBins;
    const b = a + nBins;
    const c = b + nBins;
    const d = c + nBins;
    let ta = 0, tb = 0, tc = 0, td = 0, wa = 0, wb = 0, wc = 0, wd = 0;
    for (let k = 0; k < nBins; k++) {
      const f = freqs[k];
      const sa = Math.sqrt(power[a + k]);
      const sb = Math.sqrt(power[b + k]);
      const sc = Math.sqrt(power[c + k]);
      const sd = Math.sqrt(power[d + k]);
      ta += sa;
      tb += sb;
      tc += sc;
      td += sd;
      wa += f * sa;
      wb += f * sb;
      wc += f * sc;
      wd += f * sd;
    }
    totals[t] = ta;
    totals[t + 1] = tb;
    totals[t + 2] = tc;
    totals[t + 3] = td;
    weighted[t] = wa;
    weighted[t + 1] = wb;
    weighted[t + 2] = wc;
    weighted[t + 3] = wd;
  }
  for (; t < nFrames; t++) {
    const row = t * nBins;
    let total = 0;
    let weightedSum = 0;
    for (let k = 0; k < nBins; k++) {
      const s = Math.sqrt(power[row + k]);
      total += s;
      weightedSum += freqs[k] * s;
    }
    totals[t] = total;
    weighted[t] = weightedSum;
  }
  return { totals, weighted };
}

/**
 * Spectral bandwidth of order 2 in Hz, `b[t] = sqrt(sum_k p[t, k] * (f_k - c[t])^2)` where
 * `p[t, k] = S[t, k] / sum_k S[t, k]` is the frame's normalised magnitude spectrum and `c[t]` its
 * centroid (`spectralCentroid`); a silent frame (sum below float32 `tiny`) gives 0.
 * Shapes: `[T, F]` -> `[T, 1]`.
 * = `librosa.feature.spectral_bandwidth(y=y, sr=22050, n_fft=2048, hop_length=512, p=2, norm=True)`.
 */
export function spectralBandwidth(spec: Spectrogram): FrameMatrix {
  const { nFrames, nBins, power } = spec;
  const freqs = fftFrequencies(spec.sr, spec.nFft);
  const S = new Float64Array(nBins);
  const out = new Float32Array(nFrames);
  for (let t = 0; t < nFrames; t++) {
    const row = t * nBins;
    let total = 0;
    let weighted = 0;
    for (let k = 0; k < nBins; k++) {
      S[k] = Math.sqrt(power[row + k]);
      total += S[k];
      weighted += freqs[k] * S[k];
    }
    if (total < FLOAT32_TINY) continue; // silence: centroid 0, and every weight is 0
    const centroid = weighted / total;
    let spread = 0;
    for (let k = 0; k < nBins; k++) {
      const d = freqs[k] - centroid;
      spread += S[k] * d * d;
    }
    out[t] = Math.sqrt(spread / total);
  }
  return { nFrames, width: 1, data: out };
}

/**
 * Spectral rolloff in Hz: the lowest bin frequency `f_k` at which the running sum of magnitudes
 * `sum_{j<=k} S[t, j]` reaches `rollPercent` of the frame's total. The running sum and the threshold
 * are float32, accumulated left to right as `np.cumsum` does on librosa's float32 magnitudes, so the
 * chosen bin is librosa's except where its complex64 STFT puts a magnitude one float32 step away from
 * tunegrad's (one bin either side). A silent frame gives 0 Hz. Shapes: `[T, F]` -> `[T, 1]`.
 * = `librosa.feature.spectral_rolloff(y=y, sr=22050, n_fft=2048, hop_length=512, roll_percent=0.85)`.
 */
export function spectralRolloff(spec: Spectrogram, { rollPercent = 0.85 }: { rollPercent?: number } = {}): FrameMatrix {
  if (!(rollPercent > 0 && rollPercent < 1)) throw new RangeError(`rollPercent must lie strictly between 0 and 1, got ${rollPercent}`);
  const { nFrames, nBins, power } = spec;
  const freqs = fftFrequencies(spec.sr, spec.nFft);
  const fraction = Math.fround(rollPercent);
  const running = new Float32Array(nBins);
  const out = new Float32Array(nFrames);
  for (let t = 0; t < nFrames; t++) {
    const row = t * nBins;
    let sum = 0;
    for (let k = 0; k < nBins; k++) running[k] = sum = Math.fround(sum + Math.fround(Math.sqrt(power[row + k])));
    const threshold = Math.fround(fraction * sum);
    let k = 0;
    while (running[k] < threshold) k++;
    out[t] = freqs[k];
  }
  return { nFrames, width: 1, data: out };
}

/**
 * Spectral flatness (Wiener entropy), the ratio of the geometric to the arithmetic mean of the power
 * spectrum floored at `amin`: with `P[k] = max(amin, S[t, k]^2)`,
 * `flatness[t] = exp(mean_k ln P[k]) / mean_k P[k]`, in [0, 1]; silence gives 1. (Powers above 1e30,
 * far beyond any decoded audio's, are read as 1e30.)
 * Shapes: `[T, F]` -> `[T, 1]`.
 * = `librosa.feature.spectral_flatness(y=y, n_fft=2048, hop_length=512, amin=1e-10, power=2.0)`.
 */
export function spectralFlatness(spec: Spectrogram, { amin = 1e-10 }: { amin?: number } = {}): FrameMatrix {
  if (!(amin > 0)) throw new RangeError(`amin must be strictly positive, got ${amin}`);
  const { nFrames, nBins, power } = spec;
  const floor = Math.fround(amin);
  const out = new Float32Array(nFrames);
  for (let t = 0; t < nFrames; t++) {
    const row = t * nBins;
    let logSum = 0;
    let sum = 0;
    let k = 0;
    // One logarithm per eight bins: the product of eight values in [1e-10, 1e30] stays inside float64.
    for (; k + 8 <= nBins; k += 8) {
      let product = 1;
      for (let j = k; j < k + 8; j++) {
        const p = Math.max(floor, Math.min(1e30, power[row + j]));
        product *= p;
        sum += p;
      }
      logSum += Math.log(product);
    }
    for (; k < nBins; k++) {
      const p = Math.max(floor, Math.min(1e30, power[row + k]));
      logSum += Math.log(p);
      sum += p;
    }
    out[t] = Math.exp(logSum / nBins) / (sum / nBins);
  }
  return { nFrames, width: 1, data: out };
}

/** numpy's `rint`: round to the nearest integer, halves to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Options of `spectralContrast`; defaults are librosa's. */
export interface ContrastOptions {
  fmin?: number;
  nBands?: number;
  quantile?: number;
}

/** Bins `[lo, hi)` of each contrast band and how many values each side averages. */
export interface ContrastBand {
  lo: number;
  hi: number;
  n: number;
}

/**
 * librosa's contrast bands: band k holds the bins with `octa[k] <= f <= octa[k+1]`
 * (`octa = [0, fmin, 2 fmin, ..., 2^nBands fmin]`), plus the bin just below for k > 0, plus every bin
 * above for the last band; all bands but the last then drop their top bin, and each side of the
 * sorted band averages `n = max(1, rint(quantile * count))` values (count before the drop).
 */
export function contrastBands(freqs: Float64Array, sr: number, { fmin = 200, nBands = 6, quantile = 0.02 }: ContrastOptions): ContrastBand[] {
  checkPositiveInt('nBands', nBands);
  if (!(quantile > 0 && quantile < 1)) throw new RangeError('spectralContrast: quantile must lie in (0, 1)');
  if (!(fmin > 0)) throw new RangeError('spectralContrast: fmin must be positive');
  const octa = [0];
  for (let j = 0; j <= nBands; j++) octa.push(fmin * 2.0 ** j);
  if (octa.slice(0, -1).some((f) => f >= 0.5 * sr)) throw new RangeError('spectralContrast: a band exceeds Nyquist; reduce fmin or nBands');
  const bands: ContrastBand[] = [];
  for (let k = 0; k <= nBands; k++) {
    let lo = 0;
    while (lo < freqs.length && !(freqs[lo] >= octa[k])) lo++;
    let hi = lo;
    while (hi < freqs.length && freqs[hi] <= octa[k + 1]) hi++;
    if (hi === lo) throw new RangeError(`spectralContrast: band ${k} holds no FFT bin`);
    if (k > 0) lo--;
    if (k === nBands) hi = freqs.length;
    const n = Math.max(1, roundHalfEven(quantile * (hi - lo)));
    if (k < nBands) hi--;
    if (hi - lo < n) throw new RangeError(`spectralContrast: band ${k} has ${hi - lo} bins, fewer than the ${n} it averages`);
    bands.push({ lo, hi, n });
  }
  return bands;
}

/** Insert `x` into the descending buffer `best[0..n)`, dropping its last value. */
function pushLargest(best: Float64Array, n: number, x: number): void {
  let j = n - 1;
  for (; j > 0 && best[j - 1] < x; j--) best[j] = best[j - 1];
  best[j] = x;
}

/** Insert `x` into the ascending buffer `best[0..n)`, dropping its last value. */
function pushSmallest(best: Float64Array, n: number, x: number): void {
  let j = n - 1;
  for (; j > 0 && best[j - 1] > x; j--) best[j] = best[j - 1];
  best[j] = x;
}

/**
 * Mean magnitude (`sqrt` of power, a monotone map) of the n smallest and of the n largest values of
 * `P[lo..hi)`, written to `valley[at]` and `peak[at]`, in one pass with two small sorted buffers
 * instead of a sort. Spectra mostly fall with frequency, so `high` is seeded from the bottom of the
 * band and `low` from its top, and later values seldom displace a buffered one. Needs `hi - lo >= n`.
 */
function bandExtremes(P: Float32Array, lo: number, hi: number, n: number, low: Float64Array, high: Float64Array, valley: Float64Array, peak: Float64Array, at: number): void {
  high.fill(-Infinity, 0, n);
  low.fill(Infinity, 0, n);
  const seed = Math.min(n, (hi - lo) >> 1);
  for (let i = 0; i < seed; i++) {
    pushLargest(high, n, P[lo + i]);
    pushSmallest(low, n, P[hi - 1 - i]);
  }
  let highEdge = high[n - 1];
  let lowEdge = low[n - 1];
  for (let i = lo + seed; i < hi - seed; i++) {
    const x = P[i];
    if (x > highEdge) {
      pushLargest(high, n, x);
      highEdge = high[n - 1];
    }
    if (x < lowEdge) {
      pushSmallest(low, n, x);
      lowEdge = low[n - 1];
    }
  }
  for (let i = 0; i < seed; i++) {
    if (P[hi - 1 - i] > high[n - 1]) pushLargest(high, n, P[hi - 1 - i]);
    if (P[lo + i] < low[n - 1]) pushSmallest(low, n, P[lo + i]);
  }
  let highSum = 0;
  let lowSum = 0;
  for (let j = 0; j < n; j++) {
    highSum += Math.sqrt(high[j]);
    lowSum += Math.sqrt(low[j]);
  }
  peak[at] = highSum / n;
  valley[at] = lowSum / n;
}

/**
 * Spectral contrast in dB on the magnitude spectrogram `sqrt(power)`: for each band (see `contrastBands`),
 * `peak` and `valley` are the means of the top and bottom `n` magnitudes, and
 * `contrast = power_to_db(peak) - power_to_db(valley)`, where each `power_to_db` (ref 1, amin 1e-10,
 * top_db 80) takes its max over the whole `[T, B]` matrix; silent frames therefore read
 * `max(peakDb) - max(valleyDb)`, not 0. Shapes: `[T, F]` -> `[T, nBands + 1]`.
 * = `librosa.feature.spectral_contrast(y=y, sr=22050, n_fft=2048, hop_length=512, fmin=200,
 *   n_bands=6, quantile=0.02, linear=False)`.
 */
export function spectralContrast(spec: Spectrogram, options: ContrastOptions = {}): FrameMatrix {
  const { nFrames, nBins, power } = spec;
  const bands = contrastBands(fftFrequencies(spec.sr, spec.nFft), spec.sr, options);
  const width = bands.length;
  const extremes = contrastSimdSupported() ? contrastExtremesSimd : contrastExtremesScalar;
  const { peak, valley } = extremes(power, nFrames, nBins, bands);
  powerToDbValues(peak, peak);
  powerToDbValues(valley, valley);
  const out = new Float32Array(nFrames * width);
  for (let i = 0; i < out.length; i++) out[i] = peak[i] - valley[i];
  return { nFrames, width, data: out };
}

/**
 * Mean magnitude of the `n` largest (`peak`) and `n` smallest (`valley`) powers of each band of each
 * frame (`bandExtremes`). Shapes: power `[T, F]` -> peak, valley `[T, B]`. The portable path behind
 * `spectralContrast`, and the reference its SIMD kernel (`simd/contrast.ts`) is checked against.
 */
export function contrastExtremesScalar(power: Float32Array, nFrames: number, nBins: number, bands: readonly ContrastBand[]): { peak: Float64Array; valley: Float64Array } {
  const width = bands.length;
  const maxN = Math.max(...bands.map((b) => b.n));
  const low = new Float64Array(maxN);
  const high = new Float64Array(maxN);
  const peak = new Float64Array(nFrames * width);
  const valley = new Float64Array(nFrames * width);
  for (let t = 0; t < nFrames; t++) {
    const row = t * nBins;
    for (let b = 0; b < width; b++) {
      const { lo, hi, n } = bands[b];
      bandExtremes(power, row + lo, row + hi, n, low, high, valley, peak, t * width + b);
    }
  }
  return { peak, valley };
}

/**
 * Statistics of the amplitude spectrum (tunegrad's definition of the paper's "statistical features
 * of the amplitude spectrum"): per frame, the mean, standard deviation, skewness and excess
 * kurtosis of the magnitudes `S[t, 0..F-1] = sqrt(power)` taken as a sample of F values:
 * `mean = m1`, `std = sqrt(m2)`, `skewness = m3 / m2^1.5`, `kurtosis = m4 / m2^2 - 3` with central
 * moments `m_j = mean((S - m1)^j)` (the mean refined once, so equal values give m2 = 0). Frames with
 * `m2 <= (1e-15 * m1)^2` (flat or silent, scipy's rule) get skewness and kurtosis 0.
 * Shapes: `[T, F]` -> `[T, 4]`.
 * = `np.mean`, `np.std`, `scipy.stats.skew`, `scipy.stats.kurtosis` (fisher, biased) over axis 0 of
 * `np.abs(librosa.stft(y))`, with scipy's NaN for flat frames replaced by 0.
 */
export function amplitudeStatistics(spec: Spectrogram): FrameMatrix {
  const { nFrames, nBins, power } = spec;
  const out = new Float32Array(nFrames * 4);
  const S = new Float64Array(nBins);
  for (let t = 0; t < nFrames; t++) {
    const row = t * nBins;
    let m1 = 0;
    for (let k = 0; k < nBins; k++) {
      S[k] = Math.sqrt(power[row + k]);
      m1 += S[k];
    }
    m1 /= nBins;
    let correction = 0; // one refinement step makes the mean of equal values exact
    for (let k = 0; k < nBins; k++) correction += S[k] - m1;
    m1 += correction / nBins;
    let m2 = 0;
    let m3 = 0;
    let m4 = 0;
    for (let k = 0; k < nBins; k++) {
      const d = S[k] - m1;
      const d2 = d * d;
      m2 += d2;
      m3 += d2 * d;
      m4 += d2 * d2;
    }
    m2 /= nBins;
    m3 /= nBins;
    m4 /= nBins;
    const flat = m2 <= (1e-15 * m1) ** 2;
    out[t * 4] = m1;
    out[t * 4 + 1] = Math.sqrt(m2);
    out[t * 4 + 2] = flat ? 0 : m3 / m2 ** 1.5;
    out[t * 4 + 3] = flat ? 0 : m4 / (m2 * m2) - 3;
  }
  return { nFrames, width: 4, data: out };
}

/** Framing options of the time-domain features; defaults are librosa's. */
export interface FrameOptions {
  frameLength?: number;
  hopLength?: number;
}

/** Number of centred frames of length L: `1 + floor((n + 2*floor(L/2) - L) / hop)`. */
function centredFrameCount(n: number, frameLength: number, hopLength: number): number {
  checkPositiveInt('frameLength', frameLength);
  checkPositiveInt('hopLength', hopLength);
  if (n === 0) throw new RangeError('empty signal');
  return 1 + Math.floor((n + 2 * (frameLength >> 1) - frameLength) / hopLength);
}

/**
 * Zero-crossing rate: `y` is padded with `frameLength/2` copies of its first and last sample
 * ('edge'), values with `|x| <= 1e-10` count as +0, and frame t's rate is the number of sign-bit
 * changes between consecutive samples inside the frame, divided by frameLength (counted once for the
 * whole signal as prefix sums, so each frame is one subtraction).
 * Shapes: y `[n]` -> `[T, 1]`.
 * = `librosa.feature.zero_crossing_rate(y, frame_length=2048, hop_length=512, center=True)`
 * (threshold 1e-10 rounded to float32 as numba does for a float32 signal).
 */
export function zeroCrossingRate(y: Float32Array, { frameLength = 2048, hopLength = 512 }: FrameOptions = {}): FrameMatrix {
  const nFrames = centredFrameCount(y.length, frameLength, hopLength);
  const pad = frameLength >> 1;
  const threshold = Math.fround(1e-10);
  // changes[i] = number of sign-bit changes between padded samples j-1 and j, for j <= i (prefix counts).
  const changes = new Int32Array(y.length + 2 * pad);
  let previous = y[0] < -threshold;
  for (let i = 1; i < changes.length; i++) {
    const negative = y[Math.min(y.length - 1, Math.max(0, i - pad))] < -threshold;
    changes[i] = changes[i - 1] + (negative !== previous ? 1 : 0);
    previous = negative;
  }
  const out = new Float32Array(nFrames);
  for (let t = 0; t < nFrames; t++) {
    const start = t * hopLength;
    out[t] = (changes[start + frameLength - 1] - changes[start]) / frameLength;
  }
  return { nFrames, width: 1, data: out };
}

/** RMS of the frame `y[start..start+frameLength)`, samples outside `y` read as 0 and skipped. */
function frameRms(y: Float32Array, start: number, frameLength: number): number {
  const to = Math.min(y.length, start + frameLength);
  let sum = 0;
  for (let i = Math.max(0, start); i < to; i++) sum += y[i] * y[i];
  return Math.sqrt(sum / frameLength);
}

/**
 * Root-mean-square energy per frame, `sqrt(mean(frame^2))`, over frames of the signal zero-padded
 * by frameLength/2 on each side (no window), read in place from the signal (the padding's zeros are
 * skipped, not added). Frames wholly inside the signal go eight at a time: eight independent float64
 * sums, each over its own frame left to right, so every result equals the one-frame sum while the CPU
 * overlaps the eight dependency chains. Shapes: y `[n]` -> `[T, 1]`.
 * = `librosa.feature.rms(y=y, frame_length=2048, hop_length=512, center=True, pad_mode='constant')`
 * (summed in float64 here, float32 in librosa).
 */
export function rms(y: Float32Array, { frameLength = 2048, hopLength = 512 }: FrameOptions = {}): FrameMatrix {
  const nFrames = centredFrameCount(y.length, frameLength, hopLength);
  const pad = frameLength >> 1;
  const out = new Float32Array(nFrames);
  const H = hopLength;
  let t = 0;
  for (; t < nFrames && t * H < pad; t++) out[t] = frameRms(y, t * H - pad, frameLength);
  for (; t + 7 < nFrames && (t + 7) * H - pad + frameLength <= y.length; t += 8) {
    const from = t * H - pad;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    let s7 = 0;
    for (let i = from; i < from + frameLength; i++) {
      const x0 = y[i];
      const x1 = y[i + H];
      const x2 = y[i + 2 * H];
      const x3 = y[i + 3 * H];
      const x4 = y[i + 4 * H];
      const x5 = y[i + 5 * H];
      const x6 = y[i + 6 * H];
      const x7 = y[i + 7 * H];
      s0 += x0 * x0;
      s1 += x1 * x1;
      s2 += x2 * x2;
      s3 += x3 * x3;
      s4 += x4 * x4;
      s5 += x5 * x5;
      s6 += x6 * x6;
      s7 += x7 * x7;
    }
    out[t] = Math.sqrt(s0 / frameLength);
    out[t + 1] = Math.sqrt(s1 / frameLength);
    out[t + 2] = Math.sqrt(s2 / frameLength);
    out[t + 3] = Math.sqrt(s3 / frameLength);
    out[t + 4] = Math.sqrt(s4 / frameLength);
    out[t + 5] = Math.sqrt(s5 / frameLength);
    out[t + 6] = Math.sqrt(s6 / frameLength);
    out[t + 7] = Math.sqrt(s7 / frameLength);
  }
  for (; t < nFrames; t++) out[t] = frameRms(y, t * H - pad, frameLength);
  return { nFrames, width: 1, data: out };
}

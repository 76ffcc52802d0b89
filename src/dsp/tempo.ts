/**
 * Tempo from the tempogram: the most likely beat period under a log-normal prior around 120 BPM, per
 * frame or for the whole clip, and the tempogram ratio (the tempogram read at metric multiples of
 * that tempo). Shape letters: T = frames, L = lags, H = tempo factors.
 */
import { checkPositiveInt, type FrameMatrix } from './frames.js';
import { tempoFrequencies, tempogramValues } from './tempogram.js';

/** Options of the tempo estimates; defaults are librosa's. */
export interface TempoOptions {
  sr?: number;
  hopLength?: number;
  /** Centre of the log-normal tempo prior, BPM. */
  startBpm?: number;
  /** Its standard deviation, in octaves. */
  stdBpm?: number;
  /** Tempi at or above this are never chosen, BPM. */
  maxTempo?: number;
}

/** Settings every tempo function below shares (librosa's defaults). */
const TEMPO_DEFAULTS = { sr: 22050, hopLength: 512, startBpm: 120, stdBpm: 1.0, maxTempo: 320 };

/**
 * Per-lag log prior `-0.5 ((log2 bpm[l] - log2 startBpm) / stdBpm)^2`, `-Infinity` for lag 0 and for
 * the lags before the first tempo under `maxTempo` (librosa's `argmax(bpms < max_tempo)`).
 */
function logPrior(bpm: Float64Array, { startBpm, stdBpm, maxTempo }: typeof TEMPO_DEFAULTS): Float64Array {
  if (!(startBpm > 0)) throw new RangeError(`startBpm must be strictly positive, got ${startBpm}`);
  if (!(stdBpm > 0)) throw new RangeError(`stdBpm must be strictly positive, got ${stdBpm}`);
  const prior = new Float64Array(bpm.length);
  for (let l = 0; l < bpm.length; l++) prior[l] = -0.5 * ((Math.log2(bpm[l]) - Math.log2(startBpm)) / stdBpm) ** 2;
  let first = 0;
  while (first < bpm.length && !(bpm[first] < maxTempo)) first++;
  if (first === bpm.length) first = 0; // no lag under maxTempo: argmax of all-false is 0
  prior.fill(-Infinity, 0, first);
  return prior;
}

/** The lag maximising `log1p(1e6 * tg[l]) + prior[l]` in the row `tg[at .. at + L)`; the first on ties. */
function bestLag(tg: Float64Array, at: number, prior: Float64Array): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let l = 0; l < prior.length; l++) {
    const score = Math.log1p(1e6 * tg[at + l]) + prior[l];
    if (score > bestScore) {
      bestScore = score;
      best = l;
    }
  }
  return best;
}

/** Lags of librosa's tempo window: `ac_size` = 8 s in whole frames, `time_to_frames(8.0)`. */
function tempoWindow(sr: number, hopLength: number): number {
  return Math.floor(Math.floor(8.0 * sr) / hopLength);
}

/**
 * Local tempo in BPM of every frame: the tempogram over an 8-s window (`winLength =
 * floor(8 sr / hop)`, 344 lags at 22050 Hz), each frame's best lag under the prior (see `logPrior`).
 * Shapes: onset `[T, 1]` -> `[T, 1]`.
 * = `librosa.feature.tempo(onset_envelope=o, sr=22050, hop_length=512, start_bpm=120, std_bpm=1,
 *   ac_size=8, max_tempo=320, aggregate=None)`.
 */
export function localTempo(onset: FrameMatrix, options: TempoOptions = {}): FrameMatrix {
  const settings = { ...TEMPO_DEFAULTS, ...options };
  const L = tempoWindow(settings.sr, settings.hopLength);
  const tg = tempogramValues(onset, { winLength: L });
  const bpm = tempoFrequencies(L, settings);
  const prior = logPrior(bpm, settings);
  const out = new Float32Array(onset.nFrames);
  for (let t = 0; t < onset.nFrames; t++) out[t] = bpm[bestLag(tg, t * L, prior)];
  return { nFrames: onset.nFrames, width: 1, data: out };
}

/**
 * The clip's tempo in BPM: the best lag of the tempogram averaged over all frames (8-s window, as
 * `localTempo`). = `librosa.feature.tempo(onset_envelope=o, sr=22050, hop_length=512)[0]`
 * (aggregate=np.mean).
 */
export function globalTempo(onset: FrameMatrix, options: TempoOptions = {}): number {
  const settings = { ...TEMPO_DEFAULTS, ...options };
  const L = tempoWindow(settings.sr, settings.hopLength);
  const tg = tempogramValues(onset, { winLength: L });
  const mean = new Float64Array(L);
  for (let t = 0; t < onset.nFrames; t++) for (let l = 0; l < L; l++) mean[l] += tg[t * L + l];
  for (let l = 0; l < L; l++) mean[l] /= onset.nFrames;
  const bpm = tempoFrequencies(L, settings);
  return bpm[bestLag(mean, 0, logPrior(bpm, settings))];
}

/** Metric multiples of the tempo the tempogram ratio reads (Peeters 2011), in librosa's order. */
export const TEMPOGRAM_RATIO_FACTORS = [4, 8 / 3, 3, 2, 4 / 3, 3 / 2, 1, 2 / 3, 3 / 4, 1 / 2, 1 / 3, 3 / 8, 1 / 4];

/** Column names of the tempogram ratio: `tempogram_ratio_8/3` is the tempogram at 8/3 of the tempo. */
export const TEMPOGRAM_RATIO_NAMES = ['4', '8/3', '3', '2', '4/3', '3/2', '1', '2/3', '3/4', '1/2', '1/3', '3/8', '1/4'].map((f) => `tempogram_ratio_${f}`);

/**
 * Tempogram ratio: with the tempogram `tg` (`winLength` lags, default 384) and each frame's tempo
 * `b[t]` from it (best lag under the prior), `tgr[t, h] = tg_t(factor_h * b[t])`, the tempogram read
 * at BPM `factor_h * b[t]` by linear interpolation between lags (in BPM), 0 outside the lags' range.
 * Shapes: onset `[T, 1]` -> `[T, 13]`.
 * = `librosa.feature.tempogram_ratio(onset_envelope=o, sr=22050, hop_length=512, win_length=384,
 *   start_bpm=120, std_bpm=1, max_tempo=320, kind='linear', fill_value=0)`.
 */
export function tempogramRatio(onset: FrameMatrix, options: TempoOptions & { winLength?: number } = {}): FrameMatrix {
  const settings = { ...TEMPO_DEFAULTS, ...options };
  const L = options.winLength ?? 384;
  checkPositiveInt('winLength', L);
  const tg = tempogramValues(onset, { winLength: L });
  const bpm = tempoFrequencies(L, settings);
  const prior = logPrior(bpm, settings);
  const H = TEMPOGRAM_RATIO_FACTORS.length;
  const out = new Float32Array(onset.nFrames * H);
  for (let t = 0; t < onset.nFrames; t++) {
    const at = t * L;
    const tempo = bpm[bestLag(tg, at, prior)];
    for (let h = 0; h < H; h++) out[t * H + h] = readAtBpm(tg, at, bpm, TEMPOGRAM_RATIO_FACTORS[h] * tempo);
  }
  return { nFrames: onset.nFrames, width: H, data: out };
}

/**
 * The row `tg[at + 1 .. at + L)` read at `target` BPM, linear in BPM between the two lags around it
 * (bpm falls with the lag), 0 outside `[bpm[L-1], bpm[1]]`: `scipy.interpolate.interp1d(bpm[1:],
 * tg[1:], kind='linear', bounds_error=False, fill_value=0)`.
 */
function readAtBpm(tg: Float64Array, at: number, bpm: Float64Array, target: number): number {
  const L = bpm.length;
  if (L < 3 || !(target >= bpm[L - 1] && target <= bpm[1])) return 0;
  // interp1d on the ascending axis x = bpm[L-1], ..., bpm[1]: the interval (x[i-1], x[i]] holding the
  // target, i clipped to 1..len-1, read as y[i-1] + slope * (target - x[i-1]). In lags: the pair
  // (lag, lag - 1) with bpm[lag] < target <= bpm[lag - 1], lag clipped to 2..L-1, found from the
  // target's fractional lag bpm[1] / target and corrected by a step where rounding misplaces it.
  let lag = Math.min(L - 1, Math.max(2, Math.ceil(bpm[1] / target)));
  while (lag < L - 1 && bpm[lag] >= target) lag++;
  while (lag > 2 && bpm[lag - 1] < target) lag--;
  const x0 = bpm[lag];
  const x1 = bpm[lag - 1];
  const y0 = tg[at + lag];
  const y1 = tg[at + lag - 1];
  return y0 + ((y1 - y0) / (x1 - x0)) * (target - x0);
}

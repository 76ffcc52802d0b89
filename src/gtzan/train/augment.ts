/**
 * On-the-fly, seeded data augmentation of frame-feature sequences: the paper's "random sampling and
 * data transformation" as random segment offsets, small time shifts and gain. Features are
 * extracted once per clip (cached), so the augmentations act on the frame matrices rather than on
 * the audio; this file states what each does there and how exact that is. Shapes: a clip is
 * [T, F] row-major (`ClipMatrix`), z-scored with training statistics; a segment is [S, F].
 *
 * - Random segment offset: a training segment starts at a frame drawn uniformly over the clip
 *   instead of on the fixed grid. Exact: cropping the frame sequence at frame k equals extracting
 *   from the audio cropped at sample 512·k (except within one window of the clip's two ends,
 *   where the centred STFT pads differently).
 * - Small time shift by δ frames (real, |δ| ≤ maxShiftFrames): the segment starts at p = k + δ and
 *   frame j is the linear interpolation (1 − α)·x[i + j] + α·x[i + j + 1], i = ⌊p⌋, α = p − i.
 *   Approximate for the fractional part: frames overlap by 75 % (n_fft 2048, hop 512), so every
 *   feature is smooth at the hop scale, and the interpolation is closer to the features of the audio
 *   shifted by α·512 samples than either neighbouring frame is (measured on real excerpts:
 *   ~0.13–0.25 σ mean error against 0.23–0.40 σ; see test/gtzan/augment.test.ts).
 * - Gain g (ΔdB = 20·log10 g, uniform in ±maxGainDb): exact, per column, derived from the DSP:
 *   MFCC 0 += ΔdB·√128 (the mel power scales by g², so every dB value moves by ΔdB, the top-dB floor
 *   with it, and the orthonormal DCT puts a constant shift only into coefficient 0, times √nMels);
 *   the 40 mel bands of the `mel` group (dB, their floor tied to the clip's maximum) move by ΔdB;
 *   rms, amplitude mean and amplitude std scale by g; MFCC 1–19, centroid, chroma (normalised per
 *   frame), contrast (a dB difference), ZCR, amplitude skewness and kurtosis do not change. Exact up
 *   to the 1e-10 power floor of the dB conversion (only near-silent bins). In z-scored units a
 *   column with x' = s·x + o becomes z' = s·z + ((s − 1)·μ + o)/(σ + ε).
 */
import type { Rng } from '../../autograd/index.js';
import type { ClipMatrix, Standardizer } from '../data/normalize.js';
import { STD_EPSILON } from '../data/normalize.js';

/** What to augment; every field at its "off" value leaves the data unchanged. */
export interface AugmentSettings {
  /** Draw training segment starts uniformly over the clip instead of using the fixed grid. */
  randomOffsets: boolean;
  /** Largest time shift in frames (δ uniform in ±maxShiftFrames, real-valued); 0: none. */
  maxShiftFrames: number;
  /** Largest gain in dB (uniform in ±maxGainDb); 0: none. */
  maxGainDb: number;
}

export const NO_AUGMENTATION: AugmentSettings = { randomOffsets: false, maxShiftFrames: 0, maxGainDb: 0 };

/** Mel bands behind MFCC 0 (librosa's default n_mels, as `dsp/mfcc`). */
const N_MELS = 128;

/** How each raw column responds to a gain of ΔdB: x' = (scales ? g : 1)·x + offsetPerDb·ΔdB. */
export interface GainResponse {
  offsetPerDb: Float64Array;
  scales: Uint8Array;
}

/** The gain response of columns named as `FrameFeatures.names` (see the file header). */
export function gainResponse(names: readonly string[]): GainResponse {
  const offsetPerDb = new Float64Array(names.length);
  const scales = new Uint8Array(names.length);
  names.forEach((name, f) => {
    if (name === 'mfcc_0') offsetPerDb[f] = Math.sqrt(N_MELS);
    if (name.startsWith('mel_')) offsetPerDb[f] = 1;
    if (name === 'rms' || name === 'amplitude_mean' || name === 'amplitude_std') scales[f] = 1;
  });
  return { offsetPerDb, scales };
}

/** Apply a gain of `gainDb` to raw frames [T, F] in place (see `gainResponse`). */
export function applyGain(data: Float32Array, response: GainResponse, gainDb: number): void {
  const F = response.scales.length;
  const g = 10 ** (gainDb / 20);
  for (let i = 0; i < data.length; i++) {
    const f = i % F;
    data[i] = (response.scales[f] ? g : 1) * data[i] + response.offsetPerDb[f] * gainDb;
  }
}

/** The same gain on z-scored frames: z' = scale[f]·z + shift[f] (see the file header). */
export function standardizedGain(response: GainResponse, standardizer: Standardizer, gainDb: number): { scale: Float64Array; shift: Float64Array } {
  const F = response.scales.length;
  const g = 10 ** (gainDb / 20);
  const scale = new Float64Array(F);
  const shift = new Float64Array(F);
  for (let f = 0; f < F; f++) {
    const s = response.scales[f] ? g : 1;
    scale[f] = s;
    shift[f] = ((s - 1) * standardizer.mean[f] + response.offsetPerDb[f] * gainDb) / (standardizer.std[f] + STD_EPSILON);
  }
  return { scale, shift };
}

/** z' = scale[f]·z + shift[f] on z-scored frames [T, F], in place (`standardizedGain`'s result). */
export function applyStandardizedGain(data: Float32Array, scale: Float64Array, shift: Float64Array): void {
  const F = scale.length;
  for (let i = 0; i < data.length; i++) data[i] = scale[i % F] * data[i] + shift[i % F];
}

/** Whether `augment` changes anything. */
export function isAugmenting(augment: AugmentSettings): boolean {
  return augment.randomOffsets || augment.maxShiftFrames > 0 || augment.maxGainDb > 0;
}

/**
 * Frames [start, start + length) of `clip` into `out` at `offset`, for a real `start` in
 * [0, nFrames − length]: linear interpolation between neighbouring frames for a fractional start.
 * A clip shorter than `length` is copied from frame 0 and padded with zeros (the training mean).
 * Returns the number of real (unpadded) frames written.
 */
export function cropFrames(clip: ClipMatrix, start: number, length: number, out: Float32Array, offset: number): number {
  const F = clip.nFeatures;
  const frames = Math.min(length, clip.nFrames);
  const last = Math.max(0, clip.nFrames - length);
  if (!(start >= 0 && start <= last)) throw new Error(`cropFrames: start ${start} is outside [0, ${last}] for a clip of ${clip.nFrames} frames and segments of ${length}`);
  const i = Math.floor(start);
  const alpha = start - i;
  if (alpha === 0) {
    out.set(clip.data.subarray(i * F, (i + frames) * F), offset);
  } else {
    for (let j = 0; j < frames; j++) {
      const a = (i + j) * F;
      const o = offset + j * F;
      for (let f = 0; f < F; f++) out[o + f] = (1 - alpha) * clip.data[a + f] + alpha * clip.data[a + F + f];
    }
  }
  out.fill(0, offset + frames * F, offset + length * F);
  return frames;
}

/**
 * Start of a training segment under `augment`: a uniform frame over the clip (random offsets) or
 * the grid position `gridStart`, then plus δ uniform in ±maxShiftFrames, clamped to the clip.
 * Draws from `rng` in a fixed order: the offset (when random), then the shift (when enabled).
 */
export function augmentedStart(gridStart: number, nFrames: number, length: number, augment: AugmentSettings, rng: Rng): number {
  const last = Math.max(0, nFrames - length);
  let start = augment.randomOffsets ? rng.int(last + 1) : gridStart;
  if (augment.maxShiftFrames > 0) start += rng.uniform(-augment.maxShiftFrames, augment.maxShiftFrames);
  return Math.min(last, Math.max(0, start));
}

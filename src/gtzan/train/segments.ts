/**
 * Segment training with clip-level voting: a model sees fixed-length segments of S frames cut from
 * each clip, and a clip's prediction is the mean of its segments' class probabilities, the protocol
 * behind the strongest small models on GTZAN (3-s slices of 30-s clips). More, shorter examples per
 * clip; the vote then pools the evidence of the whole clip.
 *
 * Shapes: clips are z-scored frame matrices [T_i, F]; segments are stacked as [N, S, F] with, per
 * segment, its clip index and label; probabilities are [N, C]; clip votes [nClips, C].
 *
 * Grid: the segments of a clip of T frames start at 0, H, 2H, … while they fit, plus one ending at
 * the clip's last frame when the grid leaves a tail, so every frame is covered (H = the hop; H < S
 * overlaps). A clip shorter than S gives one segment, zero-padded (the training mean). Evaluation
 * always uses the grid; training uses it too, or, with augmentation (`augment.ts`), as many
 * segments per clip at augmented positions and gains, drawn afresh every epoch.
 */
import type { Rng } from '../../autograd/index.js';
import { applyStandardizedGain, augmentedStart, cropFrames, isAugmenting, standardizedGain, type AugmentSettings, type GainResponse } from './augment.js';
import type { ClipMatrix, Standardizer } from '../data/normalize.js';

/** How clips become segments. */
export interface SegmentProtocol {
  /** Frames per segment (S). */
  frames: number;
  /** Frames between grid segments (H); H < S overlaps. */
  hop: number;
  augment: AugmentSettings;
  /** α of mixup's Beta(α, α) (`mixup.ts`); 0: no mixup. */
  mixupAlpha: number;
}

/** Segments of a set of clips, stacked. */
export interface Segments {
  /** Row-major [count, S, F]. */
  x: Float32Array;
  /** Label of each segment (its clip's). */
  y: Int32Array;
  /** Index of each segment's clip in the input list. */
  clip: Int32Array;
  count: number;
}

/** Grid starts of a clip of `nFrames` frames (see the file header). */
export function segmentStarts(nFrames: number, frames: number, hop: number): number[] {
  if (!(Number.isInteger(frames) && frames > 0 && Number.isInteger(hop) && hop > 0)) throw new Error(`segments need positive integer frames and hop, got ${frames} and ${hop}`);
  const last = nFrames - frames;
  if (last <= 0) return [0];
  const starts: number[] = [];
  for (let s = 0; s <= last; s += hop) starts.push(s);
  if (starts[starts.length - 1] < last) starts.push(last);
  return starts;
}

/** Segments per clip on the grid. */
export function gridCounts(clips: readonly ClipMatrix[], protocol: Pick<SegmentProtocol, 'frames' | 'hop'>): number[] {
  return clips.map((c) => segmentStarts(c.nFrames, protocol.frames, protocol.hop).length);
}

function allocateSegments(count: number, frames: number, nFeatures: number): Segments {
  return { x: new Float32Array(count * frames * nFeatures), y: new Int32Array(count), clip: new Int32Array(count), count };
}

/** Every grid segment of every clip, in clip order (evaluation, and training without augmentation). */
export function gridSegments(clips: readonly ClipMatrix[], labels: ArrayLike<number>, protocol: Pick<SegmentProtocol, 'frames' | 'hop'>): Segments {
  const { frames } = protocol;
  const F = clips[0]?.nFeatures ?? 0;
  const counts = gridCounts(clips, protocol);
  const out = allocateSegments(counts.reduce((a, b) => a + b, 0), frames, F);
  let n = 0;
  clips.forEach((clip, c) => {
    for (const start of segmentStarts(clip.nFrames, frames, protocol.hop)) {
      cropFrames(clip, start, frames, out.x, n * frames * F);
      out.y[n] = labels[c];
      out.clip[n] = c;
      n++;
    }
  });
  return out;
}

/** The gain of augmentation on z-scored columns: which columns respond, and the training statistics. */
export interface GainContext {
  response: GainResponse;
  standardizer: Standardizer;
}

/**
 * One epoch's training segments. Without augmentation, the grid. With it, each clip gives as many
 * segments as its grid, the i-th at `augmentedStart(grid[i], …)` and with a gain uniform in
 * ±maxGainDb, drawn from `rng` segment by segment (start, shift, gain), clip by clip.
 */
export function trainingSegments(clips: readonly ClipMatrix[], labels: ArrayLike<number>, protocol: SegmentProtocol, gain: GainContext, rng: Rng): Segments {
  const { frames, hop, augment } = protocol;
  if (!isAugmenting(augment)) return gridSegments(clips, labels, protocol);
  const F = clips[0].nFeatures;
  const counts = gridCounts(clips, protocol);
  const out = allocateSegments(counts.reduce((a, b) => a + b, 0), frames, F);
  let n = 0;
  clips.forEach((clip, c) => {
    for (const gridStart of segmentStarts(clip.nFrames, frames, hop)) {
      const offset = n * frames * F;
      const real = cropFrames(clip, augmentedStart(gridStart, clip.nFrames, frames, augment, rng), frames, out.x, offset);
      if (augment.maxGainDb > 0) {
        const { scale, shift } = standardizedGain(gain.response, gain.standardizer, rng.uniform(-augment.maxGainDb, augment.maxGainDb));
        applyStandardizedGain(out.x.subarray(offset, offset + real * F), scale, shift);
      }
      out.y[n] = labels[c];
      out.clip[n] = c;
      n++;
    }
  });
  return out;
}

/**
 * Clip-level vote: P[c, k] = mean over the segments s of clip c of p[s, k]. `probabilities` is
 * row-major [count, nClasses]; returns [nClips, nClasses].
 */
export function averageByClip(probabilities: ArrayLike<number>, clip: Int32Array, nClips: number, nClasses: number): Float64Array {
  if (probabilities.length !== clip.length * nClasses) throw new Error(`averageByClip: ${probabilities.length} probabilities for ${clip.length} segments of ${nClasses} classes`);
  const sums = new Float64Array(nClips * nClasses);
  const counts = new Float64Array(nClips);
  for (let s = 0; s < clip.length; s++) {
    counts[clip[s]]++;
    for (let k = 0; k < nClasses; k++) sums[clip[s] * nClasses + k] += probabilities[s * nClasses + k];
  }
  for (let c = 0; c < nClips; c++) {
    if (counts[c] === 0) throw new Error(`averageByClip: clip ${c} has no segments`);
    for (let k = 0; k < nClasses; k++) sums[c * nClasses + k] /= counts[c];
  }
  return sums;
}

/** Smallest probability the clip-level loss takes the log of (Keras's backend epsilon). */
const PROBABILITY_FLOOR = 1e-7;

/**
 * Accuracy, loss and predictions of clip votes [nClips, C] against labels: predicted = argmax (first
 * on ties); loss = mean over clips of −ln max(P[c, y_c], 1e-7).
 */
export function voteMetrics(votes: Float64Array, labels: ArrayLike<number>, nClasses: number): { accuracy: number; loss: number; predicted: Int32Array } {
  const n = labels.length;
  const predicted = new Int32Array(n);
  let correct = 0;
  let loss = 0;
  for (let c = 0; c < n; c++) {
    let best = 0;
    for (let k = 1; k < nClasses; k++) if (votes[c * nClasses + k] > votes[c * nClasses + best]) best = k;
    predicted[c] = best;
    if (best === labels[c]) correct++;
    loss -= Math.log(Math.max(PROBABILITY_FLOOR, votes[c * nClasses + labels[c]]));
  }
  return { accuracy: n > 0 ? correct / n : 0, loss: n > 0 ? loss / n : 0, predicted };
}

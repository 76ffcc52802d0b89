/**
 * A trained genre classifier: the model (one network or an ensemble) together with everything that
 * turns audio into its input the way training did — the feature groups, the training set's
 * standardiser, the input protocol (whole clips cropped to T frames, or segments voted by their mean
 * probability) — and the labels.
 * Pure (no `node:` module), so it runs in a browser worker as in Node; the file is `classifier-file.ts`.
 *
 * `classify(samples, sampleRate)` reproduces the prediction of training's test step: audio at any
 * rate is resampled to 22050 Hz (`resample`, librosa's soxr_hq), the frame features of the groups
 * are computed (`frameFeatures`), z-scored with the stored statistics and fed by the protocol.
 * Audio longer than 1.5 training clips is cut into windows of one training clip (`clipFrames`
 * frames; the last one ends at the end of the audio), each window is resampled and classified as a
 * clip on its own (memory stays that of one window), and the song's probabilities are the mean over
 * windows. The timeline lists each window (whole-clip
 * models) or each segment (segment models) with its start and end in seconds.
 */
import { Tensor } from '../../autograd/index.js';
import { TARGET_SAMPLE_RATE } from '../../dsp/decode.js';
import { frameFeatures, type FeatureGroup } from '../../dsp/features.js';
import { resample } from '../../dsp/resample.js';
import type { Predictor } from '../../nn/index.js';
import { nonFiniteFeatures } from '../data/finite-features.js';
import { standardize, toSequences, type Standardizer } from '../data/normalize.js';
import { selectGroups } from '../data/tensors.js';
import { averageByClip, gridSegments, segmentStarts } from '../train/segments.js';

/** Hop between feature frames, in samples at 22050 Hz (librosa's default). */
export const HOP_LENGTH = 512;

/** Audio shorter than this many frames (about a quarter second) is refused: too little to classify. */
export const MIN_FRAMES = 11;

/** How the model sees a clip: whole (cropped or zero-padded to `timesteps` frames) or as segments. */
export type InputProtocol = { kind: 'whole-clip'; timesteps: number } | { kind: 'segments'; frames: number; hop: number; vote: 'mean-probability' };

/** Where a classifier came from (what `bench/train.js` knew when it wrote the file). */
export interface Provenance {
  modelName: string;
  data: string;
  split: string;
  seed: number;
  /** The run (0-based) whose model this is: the best validation accuracy of the experiment. */
  run: number;
  epochs: number;
  validationAccuracy: number | null;
  testAccuracy: number | null;
  tunegradVersion: string;
  /** ISO date of writing. */
  date: string;
  /** The command that trained it, when known. */
  command?: string;
}

export interface ClassifierContents {
  labels: string[];
  groups: FeatureGroup[];
  /** Column names of the selected groups, in order (one per standardiser entry). */
  featureNames: string[];
  standardizer: Standardizer;
  protocol: InputProtocol;
  /** Frames of a training clip: the window length for long audio. */
  clipFrames: number;
  /** The batch size training predicted with (predictions use the same). */
  batchSize: number;
  /** One network, or an ensemble whose probabilities are averaged (`nn/ensemble.ts`). */
  model: Predictor;
  provenance: Provenance;
}

export interface LabelledProbability {
  label: string;
  probability: number;
}

export interface TimelineEntry {
  /** Seconds from the start of the audio. */
  start: number;
  end: number;
  /** One per label, in the classifier's label order. */
  probabilities: number[];
}

export interface Classification {
  /** Every label with its probability, most probable first. */
  probabilities: LabelledProbability[];
  /** Probabilities in the classifier's label order. */
  byLabel: number[];
  /** Seconds of audio classified. */
  duration: number;
  /** Windows classified as clips (1 unless the audio is longer than 1.5 training clips). */
  windows: number;
  /** Present when asked for: the genre over time. */
  timeline?: TimelineEntry[];
}

export interface ClassifyOptions {
  /** Also return the timeline. Default false. */
  timeline?: boolean;
  /** Called after each window with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

export class Classifier {
  readonly contents: ClassifierContents;

  constructor(contents: ClassifierContents) {
    this.contents = contents;
  }

  get labels(): string[] {
    return this.contents.labels;
  }

  /** Classify mono `samples` at `sampleRate` Hz (see the file header); throws a one-line Error for audio it cannot classify. */
  classify(samples: Float32Array, sampleRate: number, options: ClassifyOptions = {}): Classification {
    const length = sampleRate === TARGET_SAMPLE_RATE ? samples.length : Math.ceil((samples.length * TARGET_SAMPLE_RATE) / sampleRate);
    const nFrames = 1 + Math.floor(length / HOP_LENGTH);
    if (nFrames < MIN_FRAMES) throw new Error(`too short to classify: ${(length / TARGET_SAMPLE_RATE).toFixed(3)} s, the minimum is ${(((MIN_FRAMES - 1) * HOP_LENGTH) / TARGET_SAMPLE_RATE).toFixed(2)} s`);
    const { clipFrames } = this.contents;
    const starts = nFrames <= 1.5 * clipFrames ? [0] : segmentStarts(nFrames, clipFrames, clipFrames);
    const nClasses = this.labels.length;
    const sums = new Float64Array(nClasses);
    const timeline: TimelineEntry[] = [];
    starts.forEach((startFrame, w) => {
      const from = startFrame * HOP_LENGTH;
      const to = starts.length === 1 ? length : Math.min(length, (startFrame + clipFrames - 1) * HOP_LENGTH + 1);
      const { probabilities, entries } = this.classifyClip(windowAt22050(samples, sampleRate, from, to, starts.length === 1), from / TARGET_SAMPLE_RATE);
      for (let k = 0; k < nClasses; k++) sums[k] += probabilities[k];
      timeline.push(...entries);
      options.onProgress?.(w + 1, starts.length);
    });
    const byLabel = Array.from(sums, (s) => s / starts.length);
    const probabilities = byLabel.map((probability, k) => ({ label: this.labels[k], probability })).sort((a, b) => b.probability - a.probability);
    return { probabilities, byLabel, duration: length / TARGET_SAMPLE_RATE, windows: starts.length, ...(options.timeline ? { timeline } : {}) };
  }

  /** One clip (a window) as training's test step saw it: its probabilities and its timeline entries from `offset` seconds. */
  private classifyClip(y: Float32Array, offset: number): { probabilities: ArrayLike<number>; entries: TimelineEntry[] } {
    const { groups, standardizer, protocol, model, batchSize } = this.contents;
    const features = frameFeatures(y, { sr: TARGET_SAMPLE_RATE, groups: [...groups] });
    const bad = nonFiniteFeatures(features, y);
    if (bad !== null) throw new Error(`cannot classify: ${bad}`);
    const clip = standardize(selectGroups(features, groups), standardizer);
    const F = clip.nFeatures;
    const nClasses = this.labels.length;
    const seconds = (frame: number) => offset + (frame * HOP_LENGTH) / TARGET_SAMPLE_RATE;
    if (protocol.kind === 'whole-clip') {
      const x = new Tensor(toSequences([clip], protocol.timesteps, F), [1, protocol.timesteps, F]);
      const probabilities = Array.from(model.predict(x, { batchSize }).data);
      return { probabilities, entries: [{ start: offset, end: seconds(clip.nFrames - 1), probabilities }] };
    }
    const segments = gridSegments([clip], [0], protocol);
    const p = model.predict(new Tensor(segments.x, [segments.count, protocol.frames, F]), { batchSize }).data;
    const starts = segmentStarts(clip.nFrames, protocol.frames, protocol.hop);
    const entries = starts.map((s, i) => ({ start: seconds(s), end: seconds(Math.min(s + protocol.frames, clip.nFrames) - 1), probabilities: Array.from(p.subarray(i * nClasses, (i + 1) * nClasses)) }));
    return { probabilities: averageByClip(p, segments.clip, 1, nClasses), entries };
  }
}

/**
 * Samples `from .. to` of `samples` resampled to 22050 Hz. Whole audio is resampled in one piece
 * (what training's decoder does); a window of long audio is resampled alone, with half a second of
 * input on each side, from an input sample that maps onto a whole output sample (a multiple of
 * 64 · sr / gcd(sr, 22050), so every 2:1 stage keeps its phase), so only one window's samples are in
 * float64 at a time.
 */
function windowAt22050(samples: Float32Array, sampleRate: number, from: number, to: number, whole: boolean): Float32Array {
  if (sampleRate === TARGET_SAMPLE_RATE) return samples.subarray(from, to);
  if (whole) return resample(samples, sampleRate, TARGET_SAMPLE_RATE);
  const period = (64 * sampleRate) / gcd(sampleRate, TARGET_SAMPLE_RATE);
  const margin = Math.ceil(sampleRate / 2 / period) * period;
  const first = Math.max(0, Math.floor(((from * sampleRate) / TARGET_SAMPLE_RATE - margin) / period) * period);
  const last = Math.min(samples.length, Math.ceil((to * sampleRate) / TARGET_SAMPLE_RATE) + margin);
  const piece = resample(samples.subarray(first, last), sampleRate, TARGET_SAMPLE_RATE);
  const offset = (first * TARGET_SAMPLE_RATE) / sampleRate;
  return piece.subarray(from - offset, to - offset);
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

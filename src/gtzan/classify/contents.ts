/**
 * What a classifier file holds: everything needed to turn a new recording into the probabilities
 * the training pipeline would have given it — the labels, the feature groups and the DSP settings
 * that computed them, the training set's standardiser, the input protocol (a whole-clip sequence
 * or voted segments), the model and where it came from.
 *
 * `classifier-file.ts` turns these contents into bytes and back; `classifier.ts` runs them.
 * Pure: no `node:` module, so a browser worker can hold a classifier.
 */
import type { FeatureGroup } from '../../dsp/index.js';
import type { Sequential } from '../../nn/index.js';
import type { Standardizer } from '../data/normalize.js';

/**
 * How the model sees a recording's frame matrix [T, F].
 * - `whole-clip`: the first `timesteps` frames, zero-padded when shorter (`toSequences`).
 * - `segments`: windows of `frames` frames every `hop` frames (`segmentStarts`); the clip's
 *   probabilities are the mean of the windows' probabilities (`averageByClip`).
 */
export type InputProtocol =
  | { kind: 'whole-clip'; timesteps: number }
  | { kind: 'segments'; frames: number; hop: number; vote: 'mean-probability' };

/** The DSP settings the features were computed with (librosa's names in camelCase). */
export interface DspSettings {
  /** Rate the audio is resampled to before any feature (librosa.load's `sr`). */
  sampleRate: number;
  nFft: number;
  hopLength: number;
  nMels: number;
  nMfcc: number;
  /** `dspFingerprint()` of the build that trained the model: features of a fixed probe signal, hashed. */
  fingerprint: string;
}

/** Where the model came from. */
export interface Provenance {
  /** Data folder (or 'synthetic'), split method and seed, as in the experiment's settings.json. */
  data: string;
  split: string;
  seed: number;
  /** The run the model is from, and the epochs it trained. */
  run: number;
  epochs: number;
  validationAccuracy: number;
  /** Accuracy on the test part (null when the experiment had none). */
  testAccuracy: number | null;
  /** The model's registered name (`bench/train.js NAME`). */
  modelName: string;
  tunegradVersion: string;
  /** ISO 8601 time the file was written. */
  date: string;
  /** The command that trained it, when known. */
  command?: string;
}

/** A classifier's contents, in memory. */
export interface ClassifierContents {
  /** Class names in the model's output order. */
  labels: string[];
  /** Feature groups in column order, and the resulting column names. */
  groups: FeatureGroup[];
  featureNames: string[];
  dsp: DspSettings;
  /** Per-column mean and std of the training part (`fitStandardizer`). */
  standardizer: Standardizer;
  protocol: InputProtocol;
  /** The built model: input [batch, frames, featureNames.length], output [batch, labels.length] probabilities. */
  model: Sequential;
  provenance: Provenance;
}

/**
 * The models `bench/train.js NAME` can train, by name. Each builder takes the number of features
 * per frame, the number of classes and a seed, and returns a compiled `Sequential`.
 *
 * An entry with `segments` trains on fixed-length segments and predicts a clip by averaging its
 * segments' probabilities (`segments.ts`), with the entry's augmentation (`augment.ts`); the others
 * see whole clips, cropped to the shortest clip, as in the paper. An entry with `members` trains
 * that many networks per run, with different seeds, and predicts with the mean of their
 * probabilities (`nn/ensemble.ts`).
 */
import { DEFAULT_GROUPS, type FeatureGroup } from '../../dsp/features.js';
import { N_CLASSES, attentionCnn, attentionLstm, crnn, paperCnn, paperLstm, statsMlp, type Sequential } from '../../nn/index.js';
import { NO_AUGMENTATION, type AugmentSettings } from './augment.js';

export interface ModelBuildOptions {
  nFeatures: number;
  nClasses: number;
  seed: number;
}

export interface ModelEntry {
  /** One line for `--help` (which adds the parameter count, `countModelParams`). */
  description: string;
  /** Epochs it trains for unless told otherwise (`bench/train.js`, `bench/compare.js`). */
  epochs: number;
  /** The study's mean test accuracy for this model, when it reports one. */
  paperAccuracy?: number;
  /** The feature groups it reads unless `--features` says otherwise; absent: the paper's 40 (`DEFAULT_GROUPS`). */
  groups?: FeatureGroup[];
  /** Segment training with clip-level voting, its augmentation and mixup (α, 0 = none); absent: whole clips. */
  segments?: { augment: AugmentSettings; mixupAlpha: number };
  /** Networks per run, each built and trained on its own seed (`memberSeed`), their probabilities averaged; absent: 1. */
  members?: number;
  build(options: ModelBuildOptions): Sequential;
}

/** The augmentation of the `-aug` and `-mix` models: random offsets, time shifts up to ±4 frames (93 ms), gain ±10 dB. */
export const DEFAULT_AUGMENTATION: AugmentSettings = { randomOffsets: true, maxShiftFrames: 4, maxGainDb: 10 };

/** α of the `-mix` models' mixup (λ ~ Beta(0.4, 0.4): most batches blend little, some about evenly). */
export const DEFAULT_MIXUP_ALPHA = 0.4;

/** Seeds of one run's ensemble members lie this far apart, so with fewer runs than this no member repeats another run's seed. */
export const MEMBER_SEED_STRIDE = 1000;

/** The seed of member `member` of the run seeded `runSeed`: member 0 is the run's own seed, so it is the single network that run would train. */
export function memberSeed(runSeed: number, member: number): number {
  return runSeed + member * MEMBER_SEED_STRIDE;
}

/** Networks per run of model `name` (1 unless it is an ensemble). */
export function modelMembers(name: string): number {
  return modelEntry(name).members ?? 1;
}

/** The groups the `stats-plus`, `stats-mel` and `stats-rhythm` models add to the paper's 40 features. */
const SHAPE_AND_ONSET: FeatureGroup[] = ['bandwidth', 'rolloff', 'flatness', 'onset'];

const buildCnn = ({ nFeatures, nClasses, seed }: ModelBuildOptions) => paperCnn(nFeatures, { nClasses, seed });
const buildCrnn = ({ nFeatures, nClasses, seed }: ModelBuildOptions) => crnn(nFeatures, { nClasses, seed });
const buildStatsMlp = ({ nFeatures, nClasses, seed }: ModelBuildOptions) => statsMlp(nFeatures, { nClasses, seed });

export const MODELS: Record<string, ModelEntry> = {
  cnn: {
    epochs: 30,
    description: "the paper's CNN: 3×Conv1D(5)+MaxPool → GlobalAveragePooling → Dense(200, L1) → Dropout(0.5) → Dense(10)",
    paperAccuracy: 0.466,
    build: buildCnn,
  },
  lstm: {
    epochs: 30,
    description: "the paper's LSTM: LSTM(128) → LSTM(32) → Dense(10), dropout 0.05 / recurrent 0.35, L2 1e-3",
    paperAccuracy: 0.544,
    build: ({ nFeatures, nClasses, seed }) => paperLstm(nFeatures, { nClasses, seed }),
  },
  crnn: {
    epochs: 30,
    description: 'CNN+LSTM hybrid: 2×(Conv1D(5)+MaxPool(2)) → LSTM(64) → Dropout(0.3) → Dense(10)',
    build: buildCrnn,
  },
  'attn-cnn': {
    epochs: 30,
    description: "the paper's CNN with attention pooling (AttentionPooling1D(64)) in place of global average pooling",
    build: ({ nFeatures, nClasses, seed }) => attentionCnn(nFeatures, { nClasses, seed }),
  },
  'attn-lstm': {
    epochs: 30,
    description: "the paper's LSTM with attention pooling (AttentionPooling1D(32)) over the second LSTM's sequence",
    build: ({ nFeatures, nClasses, seed }) => attentionLstm(nFeatures, { nClasses, seed }),
  },
  'cnn-seg': {
    epochs: 30,
    description: "the paper's CNN trained on overlapping segments, clips predicted by averaging segment probabilities",
    segments: { augment: NO_AUGMENTATION, mixupAlpha: 0 },
    build: buildCnn,
  },
  'cnn-seg-aug': {
    epochs: 30,
    description: 'cnn-seg with on-the-fly augmentation: random segment offsets, time shifts ±4 frames, gain ±10 dB',
    segments: { augment: DEFAULT_AUGMENTATION, mixupAlpha: 0 },
    build: buildCnn,
  },
  'crnn-seg-aug': {
    epochs: 30,
    description: 'crnn on segments with clip voting and augmentation (as cnn-seg-aug)',
    segments: { augment: DEFAULT_AUGMENTATION, mixupAlpha: 0 },
    build: buildCrnn,
  },
  'crnn-seg-mix': {
    epochs: 50,
    description: 'crnn-seg-aug plus mixup (α 0.4) between segments',
    segments: { augment: DEFAULT_AUGMENTATION, mixupAlpha: DEFAULT_MIXUP_ALPHA },
    build: buildCrnn,
  },
  stats: {
    epochs: 100,
    description: 'statistics pooling: mean, std and mean |Δ| of every feature over the clip → BatchNorm → Dense(128, relu, L2) → Dropout(0.5) → Dense(10)',
    build: buildStatsMlp,
  },
  'stats-seg': {
    epochs: 60,
    description: 'stats on segments with clip voting; with stats-seg-aug the best models on both splits of the excerpts (docs/results.md)',
    segments: { augment: NO_AUGMENTATION, mixupAlpha: 0 },
    build: buildStatsMlp,
  },
  'stats-seg-aug': {
    epochs: 60,
    description: 'stats-seg with augmentation (as cnn-seg-aug)',
    segments: { augment: DEFAULT_AUGMENTATION, mixupAlpha: 0 },
    build: buildStatsMlp,
  },
  'stats-plus-seg-aug': {
    epochs: 60,
    description: 'stats-seg-aug on the 40 features plus spectral bandwidth, rolloff, flatness and onset strength',
    groups: [...DEFAULT_GROUPS, ...SHAPE_AND_ONSET],
    segments: { augment: DEFAULT_AUGMENTATION, mixupAlpha: 0 },
    build: buildStatsMlp,
  },
  'stats-mel-seg-aug': {
    epochs: 60,
    description: 'stats-plus-seg-aug plus 40 log-mel bands (the spectral envelope the 20 MFCCs smooth away)',
    groups: [...DEFAULT_GROUPS, ...SHAPE_AND_ONSET, 'mel'],
    segments: { augment: DEFAULT_AUGMENTATION, mixupAlpha: 0 },
    build: buildStatsMlp,
  },
  'stats-mel-seg-aug-ens5': {
    epochs: 60,
    description: 'five stats-mel-seg-aug networks (seeds s, s+1000, …, s+4000) averaged: a seed ensemble',
    groups: [...DEFAULT_GROUPS, ...SHAPE_AND_ONSET, 'mel'],
    segments: { augment: DEFAULT_AUGMENTATION, mixupAlpha: 0 },
    members: 5,
    build: buildStatsMlp,
  },
  'stats-rhythm-seg-aug': {
    epochs: 60,
    description: 'stats-plus-seg-aug plus the local tempo and the tempogram ratio (13 metric multiples of the tempo)',
    groups: [...DEFAULT_GROUPS, ...SHAPE_AND_ONSET, 'tempo', 'tempogram_ratio'],
    segments: { augment: DEFAULT_AUGMENTATION, mixupAlpha: 0 },
    build: buildStatsMlp,
  },
};

/** Parameters of model `name` (all members of an ensemble) for `nFeatures` features per frame and `nClasses` classes, counted on the built model. */
export function countModelParams(name: string, nFeatures = 40, nClasses = N_CLASSES): number {
  return modelEntry(name).build({ nFeatures, nClasses, seed: 0 }).countParams() * modelMembers(name);
}

/** The feature groups model `name` reads by default: its own, else the paper's 40 features. */
export function modelGroups(name: string): FeatureGroup[] {
  return [...(modelEntry(name).groups ?? DEFAULT_GROUPS)];
}

/** The registry's entry for `name`, an own property of MODELS (so `toString` or `__proto__` is unknown, not Object's); throws naming the known models. */
export function modelEntry(name: string): ModelEntry {
  const entry = Object.hasOwn(MODELS, name) ? MODELS[name] : undefined;
  if (entry === undefined) throw new Error(`unknown model '${name}' (one of ${Object.keys(MODELS).join(', ')})`);
  return entry;
}

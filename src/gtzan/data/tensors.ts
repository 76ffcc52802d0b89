/**
 * From an extracted corpus to what a model consumes, with no file access: the columns of some
 * feature groups (`selectGroups`), z-scored with the training part's statistics, stacked into
 * sequences of T frames, [n, T, F] per part (`buildTensors`). Cheap; repeated per feature-group
 * experiment on one corpus (`load.ts` makes the corpus).
 */
import { DEFAULT_GROUPS, type FeatureGroup, type FrameFeatures } from '../../dsp/features.js';
import type { Corpus, CorpusClip } from './load.js';
import { SPLIT_PARTS } from './splits.js';
import { fitStandardizer, sequenceLength, standardize, toSequences, type ClipMatrix, type Standardizer } from './normalize.js';

/**
 * The columns of `groups` (in that order) from a matrix holding more groups: a new
 * [nFrames, Σ width] matrix with its own names and group layout.
 */
export function selectGroups(features: FrameFeatures, groups: readonly FeatureGroup[]): FrameFeatures {
  const ranges = groups.map((g) => {
    const range = features.groups.find((r) => r.group === g);
    if (!range) throw new Error(`feature group "${g}" is not in the extracted features (${features.groups.map((r) => r.group).join(', ')})`);
    return range;
  });
  const nFeatures = ranges.reduce((s, r) => s + r.width, 0);
  const data = new Float32Array(features.nFrames * nFeatures);
  const names: string[] = [];
  const layout: FrameFeatures['groups'] = [];
  let start = 0;
  for (const r of ranges) {
    names.push(...features.names.slice(r.start, r.start + r.width));
    layout.push({ group: r.group, start, width: r.width });
    for (let t = 0; t < features.nFrames; t++) {
      data.set(features.data.subarray(t * features.nFeatures + r.start, t * features.nFeatures + r.start + r.width), t * nFeatures + start);
    }
    start += r.width;
  }
  return { nFrames: features.nFrames, nFeatures, names, groups: layout, data };
}

export interface TensorOptions {
  /** Feature groups, in column order (default: mfcc, centroid, chroma, contrast = 40 values). */
  groups?: readonly FeatureGroup[];
  /** Frames per sequence; default the shortest clip of all parts (see `sequenceLength`). */
  timesteps?: number;
}

/** One part of the data as arrays a model consumes. */
export interface SplitTensors {
  /** Row-major [n, timesteps, nFeatures], z-scored with training statistics. */
  x: Float32Array;
  /** [n] label indices into `labels`. */
  y: Int32Array;
  /** Clip names, e.g. `blues.00001`. */
  names: string[];
  n: number;
}

export interface DatasetTensors {
  labels: string[];
  groups: FeatureGroup[];
  featureNames: string[];
  /** Column layout of the selected groups. */
  layout: FrameFeatures['groups'];
  timesteps: number;
  /** What set `timesteps`: `as given (--timesteps)` or `the shortest clip, <name> (<frames> frames)`. */
  timestepsFrom: string;
  nFeatures: number;
  train: SplitTensors;
  valid: SplitTensors;
  test: SplitTensors;
  /** Training-set mean and std per selected column (to normalise new clips the same way). */
  standardizer: Standardizer;
}

/** Select groups, z-score with training statistics and stack sequences (see the file header). */
export function buildTensors(corpus: Corpus, options: TensorOptions = {}): DatasetTensors {
  const groups = [...(options.groups ?? DEFAULT_GROUPS)];
  if (corpus.split.train.length === 0) throw new Error(`no training clips in ${corpus.source}: nothing to learn from`);
  const selected = {
    train: corpus.split.train.map((c) => selectGroups(c.features, groups)),
    valid: corpus.split.valid.map((c) => selectGroups(c.features, groups)),
    test: corpus.split.test.map((c) => selectGroups(c.features, groups)),
  };
  const first = selected.train[0];
  const standardizer = fitStandardizer(selected.train);
  const matrices = [...selected.train, ...selected.valid, ...selected.test];
  const timesteps = sequenceLength(matrices, options.timesteps);
  const shortest = SPLIT_PARTS.flatMap((p) => corpus.split[p]).reduce((a, b) => (b.features.nFrames < a.features.nFrames ? b : a));
  const timestepsFrom = options.timesteps === undefined ? `the shortest clip, ${shortest.name} (${shortest.features.nFrames} frames)` : 'as given (--timesteps)';
  const tensors = (part: 'train' | 'valid' | 'test'): SplitTensors => {
    const clips = corpus.split[part];
    const x = toSequences(selected[part].map((m) => standardize(m, standardizer)), timesteps, first.nFeatures);
    return { x, y: Int32Array.from(clips.map((c) => c.labelIndex)), names: clips.map((c) => c.name), n: clips.length };
  };
  return {
    labels: corpus.labels,
    groups,
    featureNames: first.names,
    layout: first.groups,
    timesteps,
    timestepsFrom,
    nFeatures: first.nFeatures,
    train: tensors('train'),
    valid: tensors('valid'),
    test: tensors('test'),
    standardizer,
  };
}

/** One line for a command to print: the sequence length, in frames and seconds, and what set it. */
export function sequenceNote(tensors: Pick<DatasetTensors, 'timesteps' | 'timestepsFrom'>): string {
  return `sequence length ${tensors.timesteps} frames (${(((tensors.timesteps - 1) * 512) / 22050).toFixed(2)} s): ${tensors.timestepsFrom}`;
}

/** The z-scored frame matrices of `clips` with the groups and training statistics of `tensors`. */
export function standardizedClips(clips: readonly CorpusClip[], groups: readonly FeatureGroup[], tensors: DatasetTensors): ClipMatrix[] {
  return clips.map((c) => standardize(selectGroups(c.features, groups), tensors.standardizer));
}

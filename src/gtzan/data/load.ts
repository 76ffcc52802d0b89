/**
 * From a data folder (or the synthetic corpus) to normalised training tensors, in two steps:
 *
 * 1. `loadCorpus` (this file): find the clips, extract every feature group of each (cached), drop
 *    unreadable clips, and split into train / validation / test. Expensive; do it once.
 * 2. `buildTensors` (`tensors.ts`): pick feature groups, z-score with training statistics, and
 *    stack sequences of T frames into [n, T, F] arrays. Cheap; repeat it per feature-group
 *    experiment.
 *
 * `loadDataset` does both. Order of the steps for the split methods:
 * - `random` / `blocks`: extract all clips, drop the skipped ones, then split what remains (as the
 *   paper does: unreadable files are removed in preprocessing).
 * - split lists (`splitDir`): split by the lists, extract only listed clips, then drop skipped ones.
 * - a separate test folder (`testData`): the data folder is split into train / validation by the
 *   train and valid fractions (rescaled to sum to 1); every clip of the test folder is tested.
 */
import { resolve } from 'node:path';
import type { FrameFeatures } from '../../dsp/index.js';
import { findClips, type Dataset } from './dataset.js';
import type { AudioSource, SkippedClip } from './extract-clip.js';
import { extractFeatures, type ExtractionStats } from './extraction.js';
import { splitFromLists, type MissingListEntry } from './split-lists.js';
import { blockSplit, checkFractions, DEFAULT_FRACTIONS, randomSplit, SPLIT_PARTS, type Split, type SplitFractions } from './splits.js';
import { syntheticCorpus, type SyntheticOptions } from './synthetic/corpus.js';
import { buildTensors, type DatasetTensors, type TensorOptions } from './tensors.js';

/** How the data is divided: a seeded random stratified split, or held-out index blocks per label. */
export type SplitMethod = 'random' | 'blocks';

export interface CorpusOptions {
  /** A data folder (layouts in `dataset.ts`), or `'synthetic'` for the embedded corpus. */
  data: string;
  /** A second folder whose clips form the test set (labels must occur in `data`). */
  testData?: string;
  /** Folder of `train*.txt` / `valid*.txt` / `test*.txt` lists; overrides `split`. */
  splitDir?: string;
  /** Default `random`. */
  split?: SplitMethod;
  /** Seed of the random split (default 0). */
  seed?: number;
  /** Default 0.7 / 0.1 / 0.2. */
  fractions?: SplitFractions;
  /** Options of the synthetic corpus (its own seed defaults to 0, independent of `seed`). */
  synthetic?: SyntheticOptions;
  /** Feature cache folder (default `.cache/features`); null disables it. */
  cacheDir?: string | null;
  /** Worker threads (default one per core; 0: in this thread). */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
}

/** A clip with all its feature groups, as extracted (not normalised). */
export interface CorpusClip {
  name: string;
  label: string;
  labelIndex: number;
  index: number;
  /** Audio file; absent for synthetic clips. */
  path?: string;
  features: FrameFeatures;
}

/** How the split was made, for reports and `results.json`. */
export interface SplitInfo {
  method: SplitMethod | 'lists' | 'test-data';
  seed?: number;
  fractions?: SplitFractions;
  /** The split-list folder or the test folder. */
  from?: string;
  /** List entries with no clip found (`lists` only). */
  missing: MissingListEntry[];
  /** Names of found clips that no list mentions (`lists` only); they are not used. */
  unlisted: string[];
  /** Clips per part. */
  sizes: Record<'train' | 'valid' | 'test', number>;
}

export interface Corpus {
  /** The data folder (absolute), or `synthetic`. */
  source: string;
  labels: string[];
  split: Split<CorpusClip>;
  splitInfo: SplitInfo;
  /** Clips left out because they could not be read or decoded. */
  skipped: SkippedClip[];
  extraction: ExtractionStats;
}

interface PendingClip {
  name: string;
  label: string;
  labelIndex: number;
  index: number;
  path?: string;
  source: AudioSource;
}

function fromFiles(dataset: Dataset): PendingClip[] {
  return dataset.clips.map((c) => ({ name: c.name, label: c.label, labelIndex: c.labelIndex, index: c.index, path: c.path, source: { name: c.name, path: c.path } }));
}

/** Extract a list of clips; `clips[i]` is null where clip i was skipped. */
async function extract(pending: PendingClip[], options: CorpusOptions): Promise<{ clips: (CorpusClip | null)[]; skipped: SkippedClip[]; stats: ExtractionStats }> {
  const result = await extractFeatures(pending.map((c) => c.source), { cacheDir: options.cacheDir, workers: options.workers, onProgress: options.onProgress });
  const clips = pending.map((c, i) => {
    const features = result.features[i];
    return features ? { name: c.name, label: c.label, labelIndex: c.labelIndex, index: c.index, path: c.path, features } : null;
  });
  return { clips, skipped: result.skipped, stats: result.stats };
}

function present<T>(items: (T | null)[]): T[] {
  return items.filter((x): x is T => x !== null);
}

function sizes(split: Split<unknown>): SplitInfo['sizes'] {
  return { train: split.train.length, valid: split.valid.length, test: split.test.length };
}

/** Find, extract and split (see the file header). */
export async function loadCorpus(options: CorpusOptions): Promise<Corpus> {
  const seed = options.seed ?? 0;
  const fractions = options.fractions ?? DEFAULT_FRACTIONS;
  checkFractions(fractions);
  const method = options.split ?? 'random';
  let labels: string[];
  let pending: PendingClip[];
  let source: string;
  if (options.data === 'synthetic') {
    const corpus = syntheticCorpus(options.synthetic);
    labels = corpus.labels;
    source = 'synthetic';
    pending = corpus.clips.map((c) => ({ name: c.name, label: c.label, labelIndex: c.labelIndex, index: c.index, source: { name: c.name, samples: c.samples, sampleRate: c.sampleRate } }));
  } else {
    const dataset = findClips(options.data);
    labels = dataset.labels;
    source = dataset.root;
    pending = fromFiles(dataset);
  }

  if (options.splitDir !== undefined) {
    if (options.data === 'synthetic') throw new Error('split lists (splitDir) name files and cannot be used with the synthetic corpus');
    const lists = splitFromLists(pending.map((c) => ({ ...c, path: c.path! })), options.splitDir);
    const listed = SPLIT_PARTS.flatMap((part) => lists[part].map((clip) => ({ part, clip })));
    const { clips, skipped, stats } = await extract(listed.map((l) => l.clip), options);
    const split: Split<CorpusClip> = { train: [], valid: [], test: [] };
    listed.forEach(({ part }, i) => {
      const clip = clips[i];
      if (clip) split[part].push(clip);
    });
    const splitInfo: SplitInfo = { method: 'lists', from: resolve(options.splitDir), missing: lists.missing, unlisted: lists.unlisted.map((c) => c.name), sizes: sizes(split) };
    return { source, labels, split, splitInfo, skipped, extraction: stats };
  }

  if (options.testData !== undefined) {
    const testSet = findClips(options.testData);
    const unknown = testSet.labels.filter((l) => !labels.includes(l));
    if (unknown.length > 0) throw new Error(`test folder ${testSet.root} has labels not in the training data: ${unknown.join(', ')}`);
    const testPending = fromFiles(testSet).map((c) => ({ ...c, labelIndex: labels.indexOf(c.label) }));
    const { clips, skipped, stats } = await extract([...pending, ...testPending], options);
    const trainValidClips = present(clips.slice(0, pending.length));
    const trainValid = { train: fractions.train / (fractions.train + fractions.valid), valid: fractions.valid / (fractions.train + fractions.valid), test: 0 };
    const inner = method === 'blocks' ? blockSplit(trainValidClips, trainValid) : randomSplit(trainValidClips, seed, trainValid);
    const split: Split<CorpusClip> = { train: inner.train, valid: inner.valid, test: present(clips.slice(pending.length)) };
    const splitInfo: SplitInfo = { method: 'test-data', seed: method === 'random' ? seed : undefined, fractions: trainValid, from: testSet.root, missing: [], unlisted: [], sizes: sizes(split) };
    return { source, labels, split, splitInfo, skipped, extraction: stats };
  }

  const { clips, skipped, stats } = await extract(pending, options);
  const kept = present(clips);
  const split = method === 'blocks' ? blockSplit(kept, fractions) : randomSplit(kept, seed, fractions);
  const splitInfo: SplitInfo = { method, seed: method === 'random' ? seed : undefined, fractions, missing: [], unlisted: [], sizes: sizes(split) };
  return { source, labels, split, splitInfo, skipped, extraction: stats };
}

export interface LoadedDataset extends DatasetTensors {
  /** The extracted corpus, to build tensors with other groups or to draw a clip's features. */
  corpus: Corpus;
  skipped: SkippedClip[];
}

/** `loadCorpus` then `buildTensors`: everything a training script needs. */
export async function loadDataset(options: CorpusOptions & TensorOptions): Promise<LoadedDataset> {
  const corpus = await loadCorpus(options);
  return { ...buildTensors(corpus, options), corpus, skipped: corpus.skipped };
}

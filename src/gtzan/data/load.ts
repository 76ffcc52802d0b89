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
 *
 * Every way skips the same clips, each listed with its reason: files the file system refuses,
 * files the decoder refuses, clips with non-finite features (`extract-clip.ts`), and clips too short
 * to share a sequence length with the rest (`minimumClipFrames`), so one stray 0.05-s file cannot
 * crop every clip to 3 frames. A data folder with a single label is refused: there is nothing to
 * tell apart.
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

/** A clip with fewer frames than this (0.25 s at 22050 Hz and hop 512) is too short, whatever the others' length. */
export const MIN_CLIP_FRAMES = 11;

/** The smallest frame count a clip may have among clips of `frames` frames: max(MIN_CLIP_FRAMES, ⌈median / 2⌉). */
export function minimumClipFrames(frames: readonly number[]): number {
  if (frames.length === 0) return MIN_CLIP_FRAMES;
  return Math.max(MIN_CLIP_FRAMES, Math.ceil(medianOf(frames) / 2));
}

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Seconds of `frames` STFT frames at 22050 Hz, hop 512 (centred: frames = 1 + ⌊samples / 512⌋). */
function framesToSeconds(frames: number): string {
  return ((Math.max(frames - 1, 0) * 512) / 22050).toFixed(2);
}

/** Set to null, and list in `skipped`, every clip shorter than `minimumClipFrames` of the present ones. */
function dropShortClips(clips: (CorpusClip | null)[], skipped: SkippedClip[]): void {
  const frames = present(clips).map((c) => c.features.nFrames);
  const minimum = minimumClipFrames(frames);
  clips.forEach((clip, i) => {
    if (clip === null || clip.features.nFrames >= minimum) return;
    const why = minimum === MIN_CLIP_FRAMES ? 'the least any clip may have' : `half the median clip's ${medianOf(frames)} frames`;
    skipped.push({
      file: clip.path ?? clip.name,
      reason: `too short: ${clip.features.nFrames} frames (${framesToSeconds(clip.features.nFrames)} s), below the minimum of ${minimum} frames (${why})`,
    });
    clips[i] = null;
  });
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
  const skipped = [...result.skipped];
  dropShortClips(clips, skipped);
  return { clips, skipped, stats: result.stats };
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
  const refused: SkippedClip[] = [];
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
    refused.push(...dataset.refused);
    if (labels.length < 2) throw new Error(`${source}: every clip has the label '${labels[0]}'; a classifier needs clips of at least two labels`);
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
    return { source, labels, split, splitInfo, skipped: [...refused, ...skipped], extraction: stats };
  }

  if (options.testData !== undefined) {
    const testSet = findClips(options.testData);
    const unknown = testSet.labels.filter((l) => !labels.includes(l));
    if (unknown.length > 0) throw new Error(`test folder ${testSet.root} has labels not in the training data: ${unknown.join(', ')}`);
    const testPending = fromFiles(testSet).map((c) => ({ ...c, labelIndex: labels.indexOf(c.label) }));
    refused.push(...testSet.refused);
    const { clips, skipped, stats } = await extract([...pending, ...testPending], options);
    const trainValidClips = present(clips.slice(0, pending.length));
    const trainValid = { train: fractions.train / (fractions.train + fractions.valid), valid: fractions.valid / (fractions.train + fractions.valid), test: 0 };
    const inner = method === 'blocks' ? blockSplit(trainValidClips, trainValid) : randomSplit(trainValidClips, seed, trainValid);
    const split: Split<CorpusClip> = { train: inner.train, valid: inner.valid, test: present(clips.slice(pending.length)) };
    const splitInfo: SplitInfo = { method: 'test-data', seed: method === 'random' ? seed : undefined, fractions: trainValid, from: testSet.root, missing: [], unlisted: [], sizes: sizes(split) };
    return { source, labels, split, splitInfo, skipped: [...refused, ...skipped], extraction: stats };
  }

  const { clips, skipped, stats } = await extract(pending, options);
  const kept = present(clips);
  const split = method === 'blocks' ? blockSplit(kept, fractions) : randomSplit(kept, seed, fractions);
  const splitInfo: SplitInfo = { method, seed: method === 'random' ? seed : undefined, fractions, missing: [], unlisted: [], sizes: sizes(split) };
  return { source, labels, split, splitInfo, skipped: [...refused, ...skipped], extraction: stats };
}

/**
 * What a command prints about a loaded corpus, one line each: every skipped clip with its reason,
 * every cache warning, and every cache entry that was found damaged and rewritten.
 */
export function corpusNotes(corpus: Corpus): string[] {
  return [
    ...corpus.skipped.map((s) => `skipped ${s.file}: ${s.reason}`),
    ...corpus.extraction.cacheWarnings.map((w) => `warning: ${w}`),
    ...corpus.extraction.repaired.map((r) => `feature cache: rewrote the entry of ${r.file} (${r.reason})`),
  ];
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

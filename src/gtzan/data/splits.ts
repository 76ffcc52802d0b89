/**
 * Train / validation / test splits of labelled clips. All are pure functions of their inputs
 * (and seed), stratified by label so every class appears in every part it can.
 *
 * - `randomSplit`: per label, a seeded shuffle, then the first part to test, the next to
 *   validation, the rest to training.
 * - `blockSplit`: per label, clips ordered by their GTZAN index; the lowest indices train, the next
 *   block validates, the highest test. GTZAN neighbours often share an artist, so this is the
 *   honest split when no artist-filtered list is available.
 * - `splitFromLists` (`split-lists.ts`): the `train*.txt` / `valid*.txt` / `test*.txt` lists of a
 *   split folder.
 *
 * Each part keeps the input order of the clips (label, then index), not the shuffled order.
 */
import { Rng } from '../../autograd/random.js';

/** Fractions of each label's clips in each part; they must sum to 1. */
export interface SplitFractions {
  train: number;
  valid: number;
  test: number;
}

export const DEFAULT_FRACTIONS: SplitFractions = { train: 0.7, valid: 0.1, test: 0.2 };

export interface Split<T> {
  train: T[];
  valid: T[];
  test: T[];
}

export type SplitPart = keyof Split<unknown>;
export const SPLIT_PARTS: readonly SplitPart[] = ['train', 'valid', 'test'];

/** What a split needs to know of a clip. */
export interface Splittable {
  labelIndex: number;
  index: number;
}

/** Throw unless the fractions are each in [0, 1], sum to 1, and give training a share. */
export function checkFractions(fractions: SplitFractions): void {
  const { train, valid, test } = fractions;
  const all = [train, valid, test];
  if (all.some((f) => !Number.isFinite(f) || f < 0 || f > 1) || Math.abs(train + valid + test - 1) > 1e-9 || train <= 0) {
    throw new Error(`split fractions must lie in [0, 1], sum to 1 and give training a share; got train ${train}, valid ${valid}, test ${test}`);
  }
}

/**
 * Sizes of the three parts for `n` clips of one label: test = round(n·test), valid =
 * round(n·valid), train = the rest. A part with a positive fraction gets at least one clip when
 * there are enough clips for every such part, taken from the largest part.
 */
export function partSizes(n: number, fractions: SplitFractions): Record<SplitPart, number> {
  checkFractions(fractions);
  const sizes: Record<SplitPart, number> = { train: 0, valid: Math.round(n * fractions.valid), test: Math.round(n * fractions.test) };
  sizes.train = n - sizes.valid - sizes.test;
  const wanted = SPLIT_PARTS.filter((p) => fractions[p] > 0);
  if (n >= wanted.length) {
    for (const part of wanted) {
      if (sizes[part] > 0) continue;
      const donor = SPLIT_PARTS.reduce((a, b) => (sizes[b] > sizes[a] ? b : a));
      sizes[donor]--;
      sizes[part]++;
    }
  }
  return sizes;
}

function groupByLabel<T extends Splittable>(clips: readonly T[]): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  clips.forEach((clip, i) => {
    const list = groups.get(clip.labelIndex);
    if (list) list.push(i);
    else groups.set(clip.labelIndex, [i]);
  });
  return new Map([...groups].sort((a, b) => a[0] - b[0]));
}

function collect<T>(clips: readonly T[], assignment: SplitPart[]): Split<T> {
  const split: Split<T> = { train: [], valid: [], test: [] };
  clips.forEach((clip, i) => split[assignment[i]].push(clip));
  return split;
}

/** Seeded stratified random split (see the file header); the same seed gives the same split. */
export function randomSplit<T extends Splittable>(clips: readonly T[], seed: number, fractions: SplitFractions = DEFAULT_FRACTIONS): Split<T> {
  const rng = new Rng(seed);
  const assignment: SplitPart[] = new Array(clips.length);
  for (const members of groupByLabel(clips).values()) {
    const order = rng.shuffle([...members]);
    const sizes = partSizes(order.length, fractions);
    order.forEach((clipIndex, k) => {
      assignment[clipIndex] = k < sizes.test ? 'test' : k < sizes.test + sizes.valid ? 'valid' : 'train';
    });
  }
  return collect(clips, assignment);
}

/**
 * Block split (see the file header): per label, clips sorted by `index`; the lowest
 * round-based share trains, the next validates, the highest tests. With 40 clips per genre and
 * 0.7/0.1/0.2: indices ranked 1–28 train, 29–32 validate, 33–40 test.
 */
export function blockSplit<T extends Splittable>(clips: readonly T[], fractions: SplitFractions = DEFAULT_FRACTIONS): Split<T> {
  const assignment: SplitPart[] = new Array(clips.length);
  for (const members of groupByLabel(clips).values()) {
    const order = [...members].sort((a, b) => clips[a].index - clips[b].index || a - b);
    const sizes = partSizes(order.length, fractions);
    order.forEach((clipIndex, k) => {
      assignment[clipIndex] = k < sizes.train ? 'train' : k < sizes.train + sizes.valid ? 'valid' : 'test';
    });
  }
  return collect(clips, assignment);
}

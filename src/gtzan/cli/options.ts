/**
 * The options the bench commands share: their declarations for `CommandLine.parse` (one spelling
 * and one default each) and the parsers of their values, each throwing an error that names the
 * flag (`CommandLine.check` turns it into the command's one-line failure). Commands: bench/*.js.
 */
import { existsSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ParseArgsOptionsConfig } from 'node:util';
import { ALL_FEATURE_GROUPS, featureCount, type FeatureGroup } from '../../dsp/index.js';
import { defaultDataDir } from '../data/dataset.js';
import type { SplitMethod } from '../data/load.js';
import type { SplitFractions } from '../data/splits.js';
import { countModelParams, MODELS, modelEntry, modelGroups } from '../train/models.js';

/** `-h, --help`, which every command takes. */
export const HELP_OPTION: ParseArgsOptionsConfig = { help: { type: 'boolean', short: 'h', default: false } };

/**
 * The options of the commands that run experiments (train, compare, feature-analysis): data,
 * fractions, seed, runs (default `runs`), batch size, backend, feature workers and cache, output
 * folder (and --overwrite of a job already in it) and resume.
 */
export function experimentOptions(runs: number): ParseArgsOptionsConfig {
  return {
    data: { type: 'string' },
    fractions: { type: 'string' },
    seed: { type: 'string', default: '0' },
    runs: { type: 'string', default: String(runs) },
    epochs: { type: 'string' },
    batch: { type: 'string', default: '32' },
    backend: { type: 'string', default: 'auto' },
    workers: { type: 'string' },
    'no-cache': { type: 'boolean', default: false },
    out: { type: 'string' },
    overwrite: { type: 'boolean', default: false },
    resume: { type: 'string' },
    ...HELP_OPTION,
  };
}

/** `text` as an integer >= 1 (`--name N`). */
export function parsePositiveInt(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got '${text}'`);
  return value;
}

/** `--workers N`: feature-extraction threads, an integer >= 0 (0: in this thread). */
export function parseWorkers(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--workers must be an integer >= 0, got '${text}'`);
  return value;
}

/** `--no-cache` and `--workers N` as the feature-extraction hooks of an experiment. */
export function extractionOptions(values: { 'no-cache'?: unknown; workers?: unknown }): { cacheDir?: null; workers?: number } {
  return { ...(values['no-cache'] ? { cacheDir: null } : {}), ...(values.workers === undefined ? {} : { workers: parseWorkers(String(values.workers)) }) };
}

/** The largest seed: seeds are 32-bit unsigned integers, the state the random generators start from. */
export const MAX_SEED = 2 ** 32 - 1;

/**
 * `--seed S`: decimal digits naming an integer in [0, 2^32). Anything else (a sign, a fraction, an
 * exponent, 2^32 or more) is an error rather than a number that would wrap to another seed.
 */
export function parseSeed(text: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value <= MAX_SEED)) throw new Error(`--seed must be an integer, got '${text}'; seeds run from 0 to ${MAX_SEED}`);
  return value;
}

/** The comma-separated items of `text`, trimmed, empty ones dropped. */
export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** A list of `what`s (`--splits`, `--modes`), each one of `choices`. */
export function parseChoices<T extends string>(what: string, text: string, choices: readonly T[]): T[] {
  const items = parseList(text);
  for (const item of items) if (!(choices as readonly string[]).includes(item)) throw new Error(`unknown ${what} '${item}'; choose from ${choices.join(', ')}`);
  return items as T[];
}

/** `--fractions A,B,C`: the train, valid and test fractions (checked further by the split); undefined when not given. */
export function parseFractions(text: string | undefined): SplitFractions | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(',').map(Number);
  if (parts.length !== 3 || parts.some((v) => !(v >= 0))) throw new Error(`--fractions needs three numbers like 0.7,0.1,0.2, got '${text}'`);
  return { train: parts[0], valid: parts[1], test: parts[2] };
}

/** `--split KIND`: random or blocks. */
export function parseSplitMethod(text: string): SplitMethod {
  if (text !== 'random' && text !== 'blocks') throw new Error(`--split must be random or blocks, got '${text}'`);
  return text;
}

/** The split flags of a training as `splitFlags` reads them. */
export interface SplitFlags {
  split: SplitMethod;
  splitDir?: string;
  testData?: string;
  /** Said when --test-data is the --data folder: its clips are then also the training clips. */
  warning?: string;
}

/**
 * `--split KIND`, `--split-dir DIR` and `--test-data DIR` checked together against the `--data`
 * folder `data`: the lists of --split-dir fix the split and its test set, so neither --split nor
 * --test-data may come with them. The split defaults to random; the folders are made absolute; a
 * --test-data that resolves to the --data folder (symlinks followed) gives a warning.
 */
export function splitFlags(values: { split?: string; 'split-dir'?: string; 'test-data'?: string }, data: string): SplitFlags {
  const splitDir = values['split-dir'] === undefined ? undefined : resolve(values['split-dir']);
  const testData = values['test-data'] === undefined ? undefined : resolve(values['test-data']);
  if (splitDir !== undefined && values.split !== undefined) throw new Error('--split and --split-dir both choose the split; give one of them');
  if (splitDir !== undefined && testData !== undefined) throw new Error('--test-data and --split-dir both choose the test clips; give one of them');
  const flags: SplitFlags = { split: parseSplitMethod(values.split ?? 'random'), splitDir, testData };
  const real = (folder: string) => (existsSync(folder) ? realpathSync(folder) : folder);
  if (testData !== undefined && data !== 'synthetic' && real(testData) === real(data)) {
    flags.warning = `--test-data ${testData} is the --data folder: the test clips are also training clips, so the test accuracy is not a held-out one`;
  }
  return flags;
}

/** `--models LIST`: names from the model registry, at least one, each named once. */
export function parseModels(text: string): string[] {
  const models = parseList(text);
  if (models.length === 0) throw new Error(`--models names no model in '${text}'; choose from ${Object.keys(MODELS).join(', ')}`);
  const repeated = models.find((m, i) => models.indexOf(m) !== i);
  if (repeated !== undefined) throw new Error(`--models names '${repeated}' twice in '${text}'`);
  for (const m of models) if (!Object.hasOwn(MODELS, m)) throw new Error(`unknown model '${m}'; choose from ${Object.keys(MODELS).join(', ')}`);
  return models;
}

/** `--features LIST` or `--groups LIST`: feature groups such as `mfcc,centroid,chroma`, each known and named once. */
export function parseFeatureGroups(text: string): FeatureGroup[] {
  const groups = parseList(text);
  if (groups.length === 0) throw new Error(`no feature groups in "${text}"; choose from ${ALL_FEATURE_GROUPS.join(', ')}`);
  for (const g of groups) {
    if (!(ALL_FEATURE_GROUPS as readonly string[]).includes(g)) throw new Error(`unknown feature group "${g}"; choose from ${ALL_FEATURE_GROUPS.join(', ')}`);
  }
  if (new Set(groups).size !== groups.length) throw new Error(`feature group listed twice in "${text}"`);
  return groups as FeatureGroup[];
}

/**
 * Epochs per model from a `--epochs` flag: `20` for every model, or `cnn=30,lstm=20` for the named
 * ones; the rest keep their default, `defaults[model]` when given, else the registry's `epochs`.
 * Throws naming the flag (or the unknown model).
 */
export function parseEpochsPerModel(text: string | undefined, models: readonly string[], defaults: Readonly<Record<string, number>> = {}): Record<string, number> {
  const epochs = Object.fromEntries(
    models.map((m) => {
      const entry = modelEntry(m);
      return [m, Object.hasOwn(defaults, m) ? defaults[m] : entry.epochs];
    }),
  );
  if (text === undefined) return epochs;
  if (!text.includes('=')) return Object.fromEntries(models.map((m) => [m, parsePositiveInt('epochs', text)]));
  for (const part of text.split(',')) {
    const [model, value] = part.split('=');
    if (!models.includes(model)) throw new Error(`--epochs names '${model}', which is not among --models (${models.join(', ')})`);
    epochs[model] = parsePositiveInt('epochs', value);
  }
  return epochs;
}

/**
 * `--data DIR`: 'synthetic', or the folder made absolute. Without the flag, `$GTZAN_DIR` or
 * ./data/gtzan (`defaultDataDir`); when that is missing, 'synthetic' if `orSynthetic`, else an error.
 */
export function dataFolder(text: string | undefined, orSynthetic = false): string {
  if (text === 'synthetic') return text;
  const folder = resolve(text ?? defaultDataDir());
  if (existsSync(folder)) return folder;
  if (text === undefined && orSynthetic) return 'synthetic';
  throw new Error(`no data at ${folder} (pass --data DIR, or --data synthetic)`);
}

/** `--out DIR` made absolute, else runs/<prefix>-<timestamp> (UTC, to the second). */
export function outputFolder(text: string | undefined, prefix: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  return resolve(text ?? join('runs', `${prefix}-${stamp}`));
}

/** The registry for `--help`: one line per model with its description, its own feature groups if any, parameters at its features and default epochs. */
export function modelList(indent = '  '): string {
  const width = Math.max(...Object.keys(MODELS).map((n) => n.length)) + 1;
  return Object.entries(MODELS)
    .map(([name, m]) => {
      const nFeatures = featureCount(modelGroups(name));
      const groups = m.groups === undefined ? '' : `; features ${m.groups.join(',')}`;
      return `${indent}${name.padEnd(width)} ${m.description}${groups}; ${countModelParams(name, nFeatures).toLocaleString('en-US')} params at ${nFeatures} features [${m.epochs} epochs]`;
    })
    .join('\n');
}

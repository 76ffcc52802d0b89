/**
 * An experiment, the paper's protocol: one dataset and split, then `runs` trainings of one model
 * with seeds seed, seed+1, …, each evaluated on the test set; mean ± std of test accuracy.
 *
 * Safety: after every epoch each run's history and then its full training state (weights, Adam
 * moments and step, the Rng that shuffles and draws dropout masks, the epoch counter) are written
 * atomically to the output folder; a resumed run keeps the history up to its checkpoint's epoch,
 * so a crash between the two writes loses nothing. `resume: true` reads the settings back from
 * that folder and checks them (`records.ts`), the run records, each checkpoint's architecture and
 * the data's fingerprint; it skips finished runs and continues the unfinished one from its last
 * checkpoint, ending with exactly the weights an uninterrupted experiment would have had (the CPU
 * path is deterministic).
 *
 * Output folder:
 *   settings.json              the settings (what `resume` reads)
 *   run-<k>.ckpt, run-<k>.json checkpoint and record (history, test metrics) of run k
 *   best-model.tgw             weights + architecture of the run with the best validation accuracy
 *   classifier.tgc             that run's classifier: the model with its labels, features, standardiser,
 *                              input protocol and provenance (`classify/classifier-file.ts`)
 *   results.json, accuracy.svg, confusion.svg, features.svg   (the caller's: `report/results.ts`)
 *
 * `runExperiment` = `loadExperimentCorpus` (extract, split) + `trainExperiment` (the runs); callers
 * that train many configurations on one corpus (feature analysis, model comparison) load it once
 * and call `trainExperiment` per configuration. Every run trains through the one training loop
 * (nn/train.ts) on the data of its input protocol (`protocols.ts`): `segmentData` for the models
 * with segments (`models.ts`), `wholeClipData` for the others.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureGroup } from '../../dsp/index.js';
import { median, sha256Hex, train, type EpochLog, type Sequential } from '../../nn/index.js';
import { corpusNotes, loadCorpus, type Corpus, type SplitMethod } from '../data/load.js';
import { SPLIT_PARTS, type SplitFractions } from '../data/splits.js';
import { buildTensors, sequenceNote, type DatasetTensors } from '../data/tensors.js';
import { encodeClassifier } from '../classify/classifier-file.js';
import type { ClassifierContents } from '../classify/classifier.js';
import { loadModel, removeStaleTemporaries, saveModel, writeFileAtomic, writeJsonAtomic } from '../files.js';
import { confusionMatrix } from '../report/metrics.js';
import { modelEntry } from './models.js';
import { parseRunRecord, parseSettings } from './records.js';
import { segmentData, wholeClipData } from './protocols.js';
import type { SegmentProtocol } from './segments.js';
import type { SyntheticOptions } from '../data/synthetic/corpus.js';

export interface ExperimentSettings {
  model: string;
  /** Data folder or 'synthetic'. */
  data: string;
  /** Size and seed of the synthetic corpus (when `data` is 'synthetic'). */
  synthetic?: SyntheticOptions;
  testData?: string;
  splitDir?: string;
  split: SplitMethod;
  fractions?: SplitFractions;
  /** Seed of the split and of run 0; run k uses seed + k. */
  seed: number;
  runs: number;
  epochs: number;
  batchSize: number;
  /** Frames per sequence (default: the shortest clip's length). */
  timesteps?: number;
  groups: FeatureGroup[];
  /** Name of the matmul backend, recorded in the results. */
  backend: string;
  /** Segment models: frames per segment (default `defaultSegmentFrames`) and between segments (default half of it). */
  segmentFrames?: number;
  segmentHop?: number;
  /** `corpusFingerprint` of the data, written once the corpus is loaded (what `--resume` checks). */
  dataFingerprint?: string;
}

export interface RunRecord {
  run: number;
  seed: number;
  done: boolean;
  history: EpochLog[];
  testAccuracy?: number;
  testLoss?: number;
  /** Median seconds per epoch (validation included). */
  secondsPerEpoch?: number;
  confusionMatrix?: number[][];
  validAccuracy?: number;
  /** Per test clip, its name and class probabilities (what `testAccuracy` was computed from). */
  testPredictions?: { clip: string; probabilities: number[] }[];
}

export interface ExperimentHooks {
  /** One line of console output. */
  log?: (line: string) => void;
  /** Feature-extraction progress. */
  onExtractProgress?: (done: number, total: number) => void;
  /** Progress inside an epoch. */
  onBatch?: (run: number, epoch: number, batch: number, batches: number) => void;
  /** After every completed (and checkpointed) epoch. */
  onEpoch?: (run: number, log: EpochLog) => void;
  /** Aborting stops training at the next batch; the last checkpoint stays on disk. */
  signal?: AbortSignal;
  cacheDir?: string | null;
  workers?: number;
  /** The command line, recorded in the classifier's provenance. */
  command?: string;
}

export interface ExperimentOutcome {
  settings: ExperimentSettings;
  corpus: Corpus;
  tensors: DatasetTensors;
  runs: RunRecord[];
  /** Parameter count of the model. */
  params: number;
  /** The study's mean test accuracy for the model (`ModelEntry.paperAccuracy`), or null. */
  paperAccuracy: number | null;
  /** The segments a segment model trained on (resolved defaults included); absent for whole-clip models. */
  segments?: SegmentProtocol;
  summary: string;
  /** False when the signal stopped it; finished runs and checkpoints are on disk. */
  complete: boolean;
}

const SETTINGS_FILE = 'settings.json';

/** Read and check the settings of an experiment folder (for `--resume`; `records.ts` says what is checked). */
export function readSettings(out: string): ExperimentSettings {
  const path = join(out, SETTINGS_FILE);
  if (!existsSync(path)) throw new Error(`${out}: no ${SETTINGS_FILE} here, so there is no experiment to resume`);
  return parseSettings(path, readFileSync(path, 'utf8'));
}

/**
 * A fingerprint of the corpus an experiment trains on: the SHA-256 of every clip's part, label, name
 * and size (file bytes, or frames for synthetic clips), in split order. `--resume` refuses a corpus
 * whose fingerprint changed: a re-split would move test clips into training.
 */
export function corpusFingerprint(corpus: Corpus): string {
  const lines = SPLIT_PARTS.flatMap((part) => corpus.split[part].map((c) => `${part} ${c.label} ${c.name} ${c.path === undefined ? `${c.features.nFrames} frames` : `${statSync(c.path).size} bytes`}`));
  return sha256Hex(new TextEncoder().encode(lines.join('\n')));
}

/** Frames of a 3-s segment at 22050 Hz and hop 512, the usual slice of 30-s GTZAN clips. */
export const THREE_SECONDS_OF_FRAMES = 129;

/**
 * Default segment length for clips whose shortest has `shortestFrames` frames: 3 s, but at most a
 * third of the shortest clip, so every clip gives at least five half-overlapping segments to vote
 * (the 2–3-s excerpts get 29-frame, 0.67-s segments; on them 32-frame segments beat 43- and 64-frame
 * ones on the block split, 3 runs each).
 */
export function defaultSegmentFrames(shortestFrames: number): number {
  return Math.max(1, Math.min(THREE_SECONDS_OF_FRAMES, Math.floor(shortestFrames / 3)));
}

/** Find, extract and split the data of `settings` (the expensive step; reuse it across configurations). */
export async function loadExperimentCorpus(settings: ExperimentSettings, hooks: ExperimentHooks = {}): Promise<Corpus> {
  return loadCorpus({
    data: settings.data,
    testData: settings.testData,
    splitDir: settings.splitDir,
    split: settings.split,
    fractions: settings.fractions,
    seed: settings.seed,
    synthetic: settings.synthetic,
    cacheDir: hooks.cacheDir,
    workers: hooks.workers,
    onProgress: hooks.onExtractProgress,
  });
}

/** Train `settings.runs` models (resuming from `out` when `resume`), writing checkpoints as it goes. */
export async function runExperiment(settings: ExperimentSettings, out: string, hooks: ExperimentHooks = {}, resume = false): Promise<ExperimentOutcome> {
  startExperiment(settings, out, resume);
  return trainRuns(settings, await loadExperimentCorpus(settings, hooks), out, hooks, resume);
}

/**
 * The runs of an experiment on a corpus already loaded with `settings`' data and split (see
 * `loadExperimentCorpus`); otherwise as `runExperiment`.
 */
export function trainExperiment(settings: ExperimentSettings, corpus: Corpus, out: string, hooks: ExperimentHooks = {}, resume = false): ExperimentOutcome {
  startExperiment(settings, out, resume);
  return trainRuns(settings, corpus, out, hooks, resume);
}

/** Check the model name and create the folder; a new experiment writes its settings (what `resume` reads). */
function startExperiment(settings: ExperimentSettings, out: string, resume: boolean): void {
  modelEntry(settings.model);
  mkdirSync(out, { recursive: true });
  removeStaleTemporaries(out);
  if (!resume) writeJsonAtomic(join(out, SETTINGS_FILE), settings);
}

function trainRuns(settings: ExperimentSettings, corpus: Corpus, out: string, hooks: ExperimentHooks, resume: boolean): ExperimentOutcome {
  const log = hooks.log ?? (() => {});
  const entry = modelEntry(settings.model);
  const fingerprint = corpusFingerprint(corpus);
  if (resume && settings.dataFingerprint !== undefined && settings.dataFingerprint !== fingerprint) {
    throw new Error(`${join(out, SETTINGS_FILE)}: the data in ${corpus.source} changed since this experiment started (clips added, removed or resized); resuming would re-split it and move test clips into training — start a new experiment instead`);
  }
  if (settings.dataFingerprint !== fingerprint) {
    settings = { ...settings, dataFingerprint: fingerprint };
    writeJsonAtomic(join(out, SETTINGS_FILE), settings);
  }
  for (const line of corpusNotes(corpus)) log(line);
  const tensors = buildTensors(corpus, { groups: settings.groups, timesteps: settings.timesteps });
  if (tensors.train.n === 0 || tensors.test.n === 0) {
    throw new Error(`${corpus.source}: the split left ${tensors.train.n} training and ${tensors.test.n} test clips; need at least one of each`);
  }
  const { sizes } = corpus.splitInfo;
  log(`data: ${corpus.source} — ${corpus.labels.length} labels, train/valid/test ${sizes.train}/${sizes.valid}/${sizes.test} clips (${corpus.splitInfo.method} split), ${tensors.timesteps} frames × ${tensors.nFeatures} features`);
  log(sequenceNote(tensors));

  let segments: SegmentProtocol | undefined;
  if (entry.segments) {
    const frames = settings.segmentFrames ?? defaultSegmentFrames(Math.min(...SPLIT_PARTS.flatMap((p) => corpus.split[p].map((c) => c.features.nFrames))));
    segments = { frames, hop: settings.segmentHop ?? Math.max(1, Math.floor(frames / 2)), augment: entry.segments.augment, mixupAlpha: entry.segments.mixupAlpha };
    log(`segments: ${frames} frames every ${segments.hop} frames, clips predicted by averaging segment probabilities`);
  }
  const data = segments ? segmentData(corpus, tensors, segments, settings.batchSize) : wholeClipData(tensors, settings.batchSize);
  const yTest = Array.from(tensors.test.y);
  const build = (seed: number): Sequential => entry.build({ nFeatures: tensors.nFeatures, nClasses: corpus.labels.length, seed });
  const probe = build(settings.seed);
  const params = probe.countParams();
  const paperAccuracy = entry.paperAccuracy ?? null;
  const summary = probe.summary();

  const runs: RunRecord[] = [];
  let bestValid = -Infinity;
  for (let k = 0; k < settings.runs; k++) {
    const seed = settings.seed + k;
    const recordPath = join(out, `run-${k}.json`);
    const checkpointPath = join(out, `run-${k}.ckpt`);
    let record: RunRecord = { run: k, seed, done: false, history: [] };
    let model: Sequential;
    if (resume && existsSync(recordPath) && existsSync(checkpointPath)) {
      record = parseRunRecord(recordPath, readFileSync(recordPath, 'utf8'), k, seed);
      model = loadModel(checkpointPath);
      const expected = build(seed);
      if (JSON.stringify(model.getConfig()) !== JSON.stringify(expected.getConfig())) {
        throw new Error(`${checkpointPath}: holds a model other than ${settings.model} on ${tensors.nFeatures} features and ${corpus.labels.length} labels (${SETTINGS_FILE}); it belongs to another experiment`);
      }
      // The record is written before the checkpoint, so it may hold one epoch the checkpoint does not.
      record.history = record.history.slice(0, model.epoch);
      if (record.history.length !== model.epoch) throw new Error(`${recordPath}: holds ${record.history.length} epochs, its checkpoint ${model.epoch}; the folder was edited or damaged`);
      log(record.done ? `run ${k + 1}/${settings.runs} (seed ${seed}): finished earlier` : `run ${k + 1}/${settings.runs} (seed ${seed}): resuming after epoch ${model.epoch}`);
    } else {
      model = build(seed);
      log(`run ${k + 1}/${settings.runs} (seed ${seed})`);
    }
    if (!record.done) {
      const history = train(model, data.source, {
        epochs: settings.epochs,
        batchSize: settings.batchSize,
        validate: data.validate,
        signal: hooks.signal,
        onBatchEnd: (b) => hooks.onBatch?.(k, b.epoch, b.batch, b.batches),
        onEpochEnd: (epochLog) => {
          record.history.push(epochLog);
          writeJsonAtomic(recordPath, record);
          saveModel(checkpointPath, model, { trainingState: true, epochs: settings.epochs });
          hooks.onEpoch?.(k, epochLog);
        },
      });
      if (history.stopped === 'signal') return { settings, corpus, tensors, runs, params, paperAccuracy, summary, segments, complete: false };
      const test = data.test(model);
      record = {
        ...record,
        done: true,
        testAccuracy: test.accuracy,
        testLoss: test.loss,
        secondsPerEpoch: median(record.history.map((e) => e.seconds)),
        confusionMatrix: confusionMatrix(yTest, test.predicted, corpus.labels.length),
        validAccuracy: record.history.at(-1)?.valAccuracy,
        testPredictions: tensors.test.names.map((clip, c) => ({ clip, probabilities: Array.from({ length: corpus.labels.length }, (_, k) => test.probabilities[c * corpus.labels.length + k]) })),
      };
      writeJsonAtomic(recordPath, record);
    }
    runs.push(record);
    const score = record.validAccuracy ?? record.testAccuracy ?? 0;
    if (score > bestValid) {
      bestValid = score;
      saveModel(join(out, 'best-model.tgw'), model);
      writeFileAtomic(join(out, 'classifier.tgc'), encodeClassifier(classifierContents(settings, corpus, tensors, segments, model, record, hooks.command)));
    }
  }
  return { settings, corpus, tensors, runs, params, paperAccuracy, summary, segments, complete: true };
}

/** The package version, for the classifier's provenance. */
function tunegradVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** What a classifier file holds for run `record`'s `model` (see `classify/classifier.ts`). */
function classifierContents(settings: ExperimentSettings, corpus: Corpus, tensors: DatasetTensors, segments: SegmentProtocol | undefined, model: Sequential, record: RunRecord, command?: string): ClassifierContents {
  return {
    labels: corpus.labels,
    groups: tensors.groups,
    featureNames: tensors.featureNames,
    standardizer: tensors.standardizer,
    protocol: segments ? { kind: 'segments', frames: segments.frames, hop: segments.hop, vote: 'mean-probability' } : { kind: 'whole-clip', timesteps: tensors.timesteps },
    clipFrames: Math.round(median(corpus.split.train.map((c) => c.features.nFrames))),
    batchSize: settings.batchSize,
    model,
    provenance: {
      modelName: settings.model,
      data: settings.data,
      split: corpus.splitInfo.method,
      seed: record.seed,
      run: record.run,
      epochs: settings.epochs,
      validationAccuracy: record.validAccuracy ?? null,
      testAccuracy: record.testAccuracy ?? null,
      tunegradVersion: tunegradVersion(),
      date: new Date().toISOString(),
      ...(command === undefined ? {} : { command }),
    },
  };
}

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
 *   run-<k>-member-<m>.ckpt/.json  for an ensemble model (`models.ts` `members`): the checkpoint and
 *                              record of each member network; run-<k>.json then holds the ensemble's
 *                              scores, and each member trains, checkpoints and resumes as a run does
 *   best-model.tgw             weights + architecture of the run with the best validation accuracy
 *                              (single-network models)
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
import { Ensemble, median, Sequential, sha256Hex, train, type EpochLog, type Predictor } from '../../nn/index.js';
import { corpusNotes, loadCorpus, type Corpus, type SplitMethod } from '../data/load.js';
import { SPLIT_PARTS, type SplitFractions } from '../data/splits.js';
import { buildTensors, sequenceNote, type DatasetTensors } from '../data/tensors.js';
import { encodeClassifier } from '../classify/classifier-file.js';
import type { ClassifierContents } from '../classify/classifier.js';
import { loadModel, removeStaleTemporaries, saveModel, writeFileAtomic, writeJsonAtomic } from '../files.js';
import { confusionMatrix } from '../report/metrics.js';
import { memberSeed, modelEntry, modelMembers } from './models.js';
import { parseRunRecord, parseSettings } from './records.js';
import { segmentData, wholeClipData, type RunData } from './protocols.js';
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
  /** An ensemble's run: each member network's seed and scores (the record's own scores are the ensemble's). */
  members?: { seed: number; testAccuracy: number; validAccuracy?: number }[];
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
  const members = modelMembers(settings.model);
  const params = probe.countParams() * members;
  const paperAccuracy = entry.paperAccuracy ?? null;
  const summary = probe.summary();

  const network: NetworkContext = { settings, out, hooks, resume, log, data, corpus, yTest, testNames: tensors.test.names, build, name: settings.model, features: tensors.nFeatures };
  const runs: RunRecord[] = [];
  let bestValid = -Infinity;
  for (let k = 0; k < settings.runs; k++) {
    const seed = settings.seed + k;
    let record: RunRecord;
    let predictor: Predictor;
    if (members === 1) {
      const trained = trainNetwork(network, k, seed, `run-${k}`, `run ${k + 1}/${settings.runs} (seed ${seed})`);
      if (trained === null) return { settings, corpus, tensors, runs, params, paperAccuracy, summary, segments, complete: false };
      ({ record, model: predictor } = trained);
    } else {
      const trained: NetworkRun[] = [];
      for (let m = 0; m < members; m++) {
        const s = memberSeed(seed, m);
        const member = trainNetwork(network, k, s, `run-${k}-member-${m}`, `run ${k + 1}/${settings.runs} member ${m + 1}/${members} (seed ${s})`);
        if (member === null) return { settings, corpus, tensors, runs, params, paperAccuracy, summary, segments, complete: false };
        trained.push(member);
      }
      predictor = new Ensemble(trained.map((t) => t.model));
      record = ensembleRecord(k, seed, trained.map((t) => t.record), testRecord(network, predictor), data.validate?.(predictor).accuracy);
      writeJsonAtomic(join(out, `run-${k}.json`), record);
      log(`run ${k + 1}/${settings.runs}: the ensemble of ${members} scores ${(100 * (record.testAccuracy ?? 0)).toFixed(1)} % on the test clips (members ${trained.map((t) => (100 * (t.record.testAccuracy ?? 0)).toFixed(1)).join(', ')} %)`);
    }
    runs.push(record);
    const score = record.validAccuracy ?? record.testAccuracy ?? 0;
    if (score > bestValid) {
      bestValid = score;
      if (predictor instanceof Sequential) saveModel(join(out, 'best-model.tgw'), predictor);
      writeFileAtomic(join(out, 'classifier.tgc'), encodeClassifier(classifierContents(settings, corpus, tensors, segments, predictor, record, hooks.command)));
    }
  }
  return { settings, corpus, tensors, runs, params, paperAccuracy, summary, segments, complete: true };
}

/** What training one network needs from its experiment. */
interface NetworkContext {
  settings: ExperimentSettings;
  out: string;
  hooks: ExperimentHooks;
  resume: boolean;
  log: (line: string) => void;
  data: RunData;
  corpus: Corpus;
  yTest: number[];
  testNames: string[];
  build: (seed: number) => Sequential;
  /** The model's name and its features per frame, for the error on a foreign checkpoint. */
  name: string;
  features: number;
}

/** A trained network and its record. */
interface NetworkRun {
  record: RunRecord;
  model: Sequential;
}

/**
 * Train one network of run `k` on `seed`, its record at `<stem>.json` and checkpoint at
 * `<stem>.ckpt` (resumed from them when the experiment resumes; a finished one is read back), then
 * test it. Returns null when the signal stopped it (its last checkpoint stays on disk).
 */
function trainNetwork(ctx: NetworkContext, k: number, seed: number, stem: string, title: string): NetworkRun | null {
  const { settings, out, hooks, log, data } = ctx;
  const recordPath = join(out, `${stem}.json`);
  const checkpointPath = join(out, `${stem}.ckpt`);
  let record: RunRecord = { run: k, seed, done: false, history: [] };
  let model: Sequential;
  if (ctx.resume && existsSync(recordPath) && existsSync(checkpointPath)) {
    record = parseRunRecord(recordPath, readFileSync(recordPath, 'utf8'), k, seed);
    model = loadModel(checkpointPath);
    const expected = ctx.build(seed);
    if (JSON.stringify(model.getConfig()) !== JSON.stringify(expected.getConfig())) {
      throw new Error(`${checkpointPath}: holds a model other than ${ctx.name} on ${ctx.features} features and ${ctx.corpus.labels.length} labels (${SETTINGS_FILE}); it belongs to another experiment`);
    }
    // The record is written before the checkpoint, so it may hold one epoch the checkpoint does not.
    record.history = record.history.slice(0, model.epoch);
    if (record.history.length !== model.epoch) throw new Error(`${recordPath}: holds ${record.history.length} epochs, its checkpoint ${model.epoch}; the folder was edited or damaged`);
    log(record.done ? `${title}: finished earlier` : `${title}: resuming after epoch ${model.epoch}`);
  } else {
    model = ctx.build(seed);
    log(title);
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
    if (history.stopped === 'signal') return null;
    const { testAccuracy, testLoss, confusionMatrix, testPredictions } = testRecord(ctx, model);
    const secondsPerEpoch = median(record.history.map((e) => e.seconds));
    record = { ...record, done: true, testAccuracy, testLoss, secondsPerEpoch, confusionMatrix, validAccuracy: record.history.at(-1)?.valAccuracy, testPredictions };
    writeJsonAtomic(recordPath, record);
  }
  return { record, model };
}

/** The test fields of a run record for `predictor`. */
function testRecord(ctx: NetworkContext, predictor: Predictor): Pick<RunRecord, 'testAccuracy' | 'testLoss' | 'confusionMatrix' | 'testPredictions'> {
  const nClasses = ctx.corpus.labels.length;
  const test = ctx.data.test(predictor);
  return {
    testAccuracy: test.accuracy,
    testLoss: test.loss,
    confusionMatrix: confusionMatrix(ctx.yTest, test.predicted, nClasses),
    testPredictions: ctx.testNames.map((clip, c) => ({ clip, probabilities: Array.from({ length: nClasses }, (_, j) => test.probabilities[c * nClasses + j]) })),
  };
}

/**
 * The record of an ensemble's run: its test fields and validation accuracy are the ensemble's;
 * `history` is member 0's (the training curves), `secondsPerEpoch` the members' sum (what an epoch
 * of the whole ensemble costs), and `members` each network's seed and scores.
 */
function ensembleRecord(k: number, seed: number, members: RunRecord[], test: ReturnType<typeof testRecord>, validAccuracy: number | undefined): RunRecord {
  return {
    run: k,
    seed,
    done: true,
    history: members[0].history,
    ...test,
    secondsPerEpoch: members.reduce((s, m) => s + (m.secondsPerEpoch ?? 0), 0),
    validAccuracy,
    members: members.map((m) => ({ seed: m.seed, testAccuracy: m.testAccuracy ?? 0, ...(m.validAccuracy === undefined ? {} : { validAccuracy: m.validAccuracy }) })),
  };
}

/** The package version, for the classifier's provenance. */
function tunegradVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** What a classifier file holds for run `record`'s `model`, one network or an ensemble (see `classify/classifier.ts`). */
function classifierContents(settings: ExperimentSettings, corpus: Corpus, tensors: DatasetTensors, segments: SegmentProtocol | undefined, model: Predictor, record: RunRecord, command?: string): ClassifierContents {
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

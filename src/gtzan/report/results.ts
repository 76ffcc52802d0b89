/**
 * What an experiment leaves for people and tools: `results.json` (everything another program needs
 * without parsing the console), the accuracy curves, the confusion matrix summed over runs, the
 * paper's Fig. 1 for one test clip, and the console summary with the classification report.
 */
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../files.js';
import type { ExperimentOutcome } from '../train/experiment.js';
import type { SegmentProtocol } from '../train/segments.js';
import { confusionMatrixFigure } from './figures/confusion.js';
import { trainingCurves } from './figures/curves.js';
import { featuresFigure } from './figures/features-figure.js';
import { classificationReport, formatClassificationReport, meanStd, type ClassificationReport } from './metrics.js';

export interface ExperimentResults {
  model: string;
  params: number;
  labels: string[];
  runs: {
    run: number;
    seed: number;
    testAccuracy: number;
    testLoss: number;
    secondsPerEpoch: number;
    history: ExperimentOutcome['runs'][number]['history'];
    confusionMatrix: number[][];
    /** An ensemble's run: each member network's seed and scores (the run's own are the ensemble's). */
    members?: ExperimentOutcome['runs'][number]['members'];
  }[];
  meanTestAccuracy: number;
  stdTestAccuracy: number;
  /** Median over runs of each run's median seconds per epoch. */
  secondsPerEpoch: number;
  /** Summed over runs; rows = true label, columns = predicted, both in `labels` order. */
  confusionMatrix: number[][];
  classificationReport: ClassificationReport;
  paperMeanTestAccuracy: number | null;
  skipped: { file: string; reason: string }[];
  settings: ExperimentOutcome['settings'];
  /** Segment models: segment length, hop and augmentation (test accuracy is then per clip, by vote); null for whole-clip models. */
  segments: SegmentProtocol | null;
  split: ExperimentOutcome['corpus']['splitInfo'];
  data: { source: string; timesteps: number; nFeatures: number; featureNames: string[]; clips: { train: string[]; valid: string[]; test: string[] } };
  environment: { node: string; platform: string; finished: string };
}

/** Aggregate the finished runs of an experiment. */
export function summarize(outcome: ExperimentOutcome): ExperimentResults {
  const { corpus, tensors, settings } = outcome;
  const runs = outcome.runs.map((r) => {
    if (!r.done || r.testAccuracy === undefined || r.testLoss === undefined || r.secondsPerEpoch === undefined || r.confusionMatrix === undefined) {
      throw new Error(`summarize: run ${r.run} has not finished`);
    }
    const { run, seed, testAccuracy, testLoss, secondsPerEpoch, history, confusionMatrix, members } = r;
    return { run, seed, testAccuracy, testLoss, secondsPerEpoch, history, confusionMatrix, ...(members === undefined ? {} : { members }) };
  });
  const n = corpus.labels.length;
  const total = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => runs.reduce((s, r) => s + r.confusionMatrix[i][j], 0)));
  const accuracy = meanStd(runs.map((r) => r.testAccuracy));
  const epochSeconds = runs.map((r) => r.secondsPerEpoch).sort((a, b) => a - b);
  return {
    model: settings.model,
    params: outcome.params,
    labels: corpus.labels,
    runs,
    meanTestAccuracy: accuracy.mean,
    stdTestAccuracy: accuracy.std,
    secondsPerEpoch: epochSeconds[epochSeconds.length >> 1],
    confusionMatrix: total,
    classificationReport: classificationReport(total, corpus.labels),
    paperMeanTestAccuracy: outcome.paperAccuracy,
    skipped: corpus.skipped,
    settings,
    segments: outcome.segments ?? null,
    split: corpus.splitInfo,
    data: {
      source: corpus.source,
      timesteps: tensors.timesteps,
      nFeatures: tensors.nFeatures,
      featureNames: tensors.featureNames,
      clips: { train: tensors.train.names, valid: tensors.valid.names, test: tensors.test.names },
    },
    environment: { node: process.version, platform: `${process.platform}-${process.arch}`, finished: new Date().toISOString() },
  };
}

/** Write results.json and the pictures into `out`; returns the files written. */
export function writeResults(outcome: ExperimentOutcome, results: ExperimentResults, out: string): string[] {
  const files = ['results.json', 'accuracy.svg', 'confusion.svg', 'features.svg'].map((f) => join(out, f));
  writeJsonAtomic(files[0], results);
  const title = `${results.model} on ${results.data.source}`;
  writeFileAtomic(files[1], trainingCurves(results.runs.map((r) => ({ name: `run ${r.run + 1} (seed ${r.seed})`, history: r.history })), { title: `${title}: accuracy per epoch` }));
  writeFileAtomic(files[2], confusionMatrixFigure(results.confusionMatrix, results.labels, { title: `${title}: confusion matrix, ${results.runs.length} runs summed` }));
  const clip = outcome.corpus.split.test[0] ?? outcome.corpus.split.train[0];
  writeFileAtomic(files[3], featuresFigure(clip.features, { title: `${clip.name} (${clip.label})` }));
  return files;
}

/** The end-of-experiment console text: accuracy per run, mean ± std beside the paper, the report. */
export function formatSummary(results: ExperimentResults): string {
  const pct = (v: number) => `${(100 * v).toFixed(2)} %`;
  const lines = [
    `${results.model}: ${results.params.toLocaleString('en-US')} parameters`,
    ...results.runs.map((r) => {
      const members = r.members === undefined ? '' : ` (members ${r.members.map((m) => pct(m.testAccuracy)).join(', ')})`;
      return `  run ${r.run + 1} (seed ${r.seed}): test accuracy ${pct(r.testAccuracy)}${members}, ${r.secondsPerEpoch.toFixed(3)} s/epoch`;
    }),
    `mean test accuracy ${pct(results.meanTestAccuracy)} ± ${pct(results.stdTestAccuracy)} over ${results.runs.length} run(s)` +
      (results.paperMeanTestAccuracy === null ? '' : ` (paper: ${pct(results.paperMeanTestAccuracy)})`),
    `seconds per epoch (median): ${results.secondsPerEpoch.toFixed(3)}`,
    ...(results.segments === null
      ? []
      : [`trained on ${results.segments.frames}-frame segments every ${results.segments.hop} frames; a clip's prediction averages its segments' probabilities`]),
    results.skipped.length > 0 ? `skipped ${results.skipped.length} clip(s): ${results.skipped.map((s) => s.file).join(', ')}` : 'skipped: none',
    '',
    'confusion matrix (rows: true, columns: predicted), runs summed:',
    formatConfusion(results.confusionMatrix, results.labels),
    '',
    formatClassificationReport(results.classificationReport, 3),
  ];
  return lines.join('\n');
}

function formatConfusion(cm: number[][], labels: string[]): string {
  const width = Math.max(...labels.map((l) => l.length));
  const cell = Math.max(4, ...cm.flat().map((v) => String(v).length + 1));
  const header = ' '.repeat(width) + labels.map((l) => l.slice(0, cell - 1).padStart(cell)).join('');
  return [header, ...cm.map((row, i) => labels[i].padStart(width) + row.map((v) => String(v).padStart(cell)).join(''))].join('\n');
}

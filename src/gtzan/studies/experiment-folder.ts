/**
 * Many experiments on one loaded corpus, each in its own folder, for the feature analysis and the
 * model comparison. An experiment folder is finished when its `results.json` exists (written
 * atomically, last); otherwise it is trained, resuming from its per-epoch checkpoints when it has
 * a settings.json. Once finished its checkpoints are deleted (they only serve to resume; the
 * records run-k.json and best-model.tgw stay), so an interrupted batch continues where it stopped.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readJson, writeJsonAtomic } from '../files.js';
import { trainExperiment, type ExperimentHooks, type ExperimentSettings } from '../train/experiment.js';
import type { Corpus } from '../data/load.js';
import { summarize, writeResults, type ExperimentResults } from '../report/results.js';

export interface ExperimentFolderOptions {
  /** Also write the pictures (accuracy curves, confusion matrix, Fig. 1) beside results.json. */
  pictures?: boolean;
}

/** The results of the experiment in `dir`: read back when finished, else trained; null when the hooks' signal stopped it. */
export function experimentInFolder(settings: ExperimentSettings, corpus: Corpus, dir: string, hooks: ExperimentHooks = {}, options: ExperimentFolderOptions = {}): ExperimentResults | null {
  const resultsPath = join(dir, 'results.json');
  if (existsSync(resultsPath)) return readJson<ExperimentResults>(resultsPath);
  const outcome = trainExperiment(settings, corpus, dir, hooks, existsSync(join(dir, 'settings.json')));
  if (!outcome.complete) return null;
  const results = summarize(outcome);
  if (options.pictures) writeResults(outcome, results, dir);
  else writeJsonAtomic(resultsPath, results);
  for (const file of readdirSync(dir)) if (file.endsWith('.ckpt')) rmSync(join(dir, file));
  return results;
}

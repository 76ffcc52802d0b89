/**
 * The paper's feature analysis (Fig. 2 and 3): which feature groups matter, per model.
 * - positive mode: train on one group alone;
 * - negative mode: train on every analysed group but one (leave one out), beside a reference
 *   trained on all of them ("none removed").
 * Each configuration (model × mode × group) is an experiment of `runs` seeded runs on the same
 * split; the table gives mean ± std test accuracy per group × model × mode.
 *
 * The corpus is loaded once (every group extracted once per clip, from the feature cache) and only
 * the column selection and z-scoring (`buildTensors`) is redone per configuration. Output folder:
 *   analysis.json                 the settings (what `resume` reads)
 *   configs/<model>-<mode>-<group>/  one experiment each (`experiment-folder.ts`: records,
 *                                    results.json; checkpoints while unfinished, so an interrupted
 *                                    analysis resumes inside the configuration it stopped in)
 *   results.json, positive.svg (Fig. 2), negative.svg (Fig. 3), table.md
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_FEATURE_GROUPS, type FeatureGroup } from '../../dsp/index.js';
import { experimentInFolder } from './experiment-folder.js';
import { readJson, writeFileAtomic, writeJsonAtomic } from '../files.js';
import { loadExperimentCorpus, type ExperimentHooks, type ExperimentSettings } from '../train/experiment.js';
import { modelEntry } from '../train/models.js';
import { groupedBarChart } from '../report/figures/bars.js';

export type AnalysisMode = 'positive' | 'negative';
export const ANALYSIS_MODES: readonly AnalysisMode[] = ['positive', 'negative'];

/** The reference configuration of negative mode: every analysed group, none removed. */
export const NONE_REMOVED = 'none';

export interface AnalysisSettings {
  models: string[];
  modes: AnalysisMode[];
  /** Groups analysed (default all seven). */
  groups: FeatureGroup[];
  /** Epochs per model. */
  epochs: Record<string, number>;
  /** Everything else of an experiment (data, split, seed, runs, batch size, backend, ...). */
  base: Omit<ExperimentSettings, 'model' | 'groups' | 'epochs'>;
}

/** One configuration: a model trained on `groups` in `mode`, named by the group it selects or removes. */
export interface AnalysisConfig {
  id: string;
  model: string;
  mode: AnalysisMode;
  /** The group kept (positive) or removed (negative), or `none` for the negative-mode reference. */
  group: FeatureGroup | typeof NONE_REMOVED;
  groups: FeatureGroup[];
}

export interface ConfigResult extends AnalysisConfig {
  nFeatures: number;
  params: number;
  testAccuracies: number[];
  meanTestAccuracy: number;
  stdTestAccuracy: number;
  secondsPerEpoch: number;
  /** Σ over runs and epochs of the epoch times (validation included). */
  trainingSeconds: number;
}

export interface AnalysisResults {
  settings: AnalysisSettings;
  configs: ConfigResult[];
  /** Wall time of this invocation (a resumed analysis counts only what it ran). */
  seconds: number;
  /** Σ of every configuration's training time, whichever invocation ran it. */
  trainingSeconds: number;
  table: string;
}

export interface AnalysisHooks extends ExperimentHooks {
  /** Before each configuration: its index (0-based) and the total. */
  onConfig?: (config: AnalysisConfig, index: number, total: number) => void;
}

const SETTINGS_FILE = 'analysis.json';

/** Every configuration of `settings`, models outermost, in the order they run. */
export function analysisConfigs(settings: Pick<AnalysisSettings, 'models' | 'modes' | 'groups'>): AnalysisConfig[] {
  const configs: AnalysisConfig[] = [];
  for (const model of settings.models) {
    for (const mode of settings.modes) {
      const entries: [AnalysisConfig['group'], FeatureGroup[]][] =
        mode === 'positive'
          ? settings.groups.map((g) => [g, [g]])
          : [[NONE_REMOVED, [...settings.groups]], ...settings.groups.map((g): [FeatureGroup, FeatureGroup[]] => [g, settings.groups.filter((other) => other !== g)])];
      for (const [group, groups] of entries) configs.push({ id: `${model}-${mode}-${group}`, model, mode, group, groups });
    }
  }
  return configs;
}

/** Throw on an unknown model or mode, a group list that leaves negative mode nothing, or missing epochs. */
export function checkAnalysisSettings(settings: AnalysisSettings): void {
  for (const model of settings.models) {
    modelEntry(model);
    if (!(Number.isInteger(settings.epochs[model]) && settings.epochs[model] > 0)) throw new Error(`no epoch count for model '${model}'`);
  }
  for (const mode of settings.modes) if (!ANALYSIS_MODES.includes(mode)) throw new Error(`unknown mode '${mode}' (positive or negative)`);
  for (const g of settings.groups) if (!ALL_FEATURE_GROUPS.includes(g)) throw new Error(`unknown feature group '${g}' (one of ${ALL_FEATURE_GROUPS.join(', ')})`);
  if (settings.modes.includes('negative') && settings.groups.length < 2) throw new Error('negative mode needs at least two groups (it removes one at a time)');
}

/** Read the settings of an analysis folder (for `resume`). */
export function readAnalysisSettings(out: string): AnalysisSettings {
  const path = join(out, SETTINGS_FILE);
  if (!existsSync(path)) throw new Error(`${out}: no ${SETTINGS_FILE} here, so there is no feature analysis to resume`);
  return readJson<AnalysisSettings>(path);
}

/**
 * Run (or, with `resume`, continue) the analysis into `out`; returns null when the hooks' signal
 * stopped it (finished configurations and checkpoints stay on disk).
 */
export async function runFeatureAnalysis(settings: AnalysisSettings, out: string, hooks: AnalysisHooks = {}, resume = false): Promise<AnalysisResults | null> {
  checkAnalysisSettings(settings);
  const started = performance.now();
  if (!resume && existsSync(join(out, SETTINGS_FILE))) throw new Error(`${out} already holds a feature analysis; resume it or choose another output folder`);
  mkdirSync(join(out, 'configs'), { recursive: true });
  if (!resume) writeJsonAtomic(join(out, SETTINGS_FILE), settings);
  const corpus = await loadExperimentCorpus({ ...settings.base, model: settings.models[0], groups: settings.groups, epochs: 1 }, hooks);
  const configs = analysisConfigs(settings);
  const results: ConfigResult[] = [];
  for (const [index, config] of configs.entries()) {
    hooks.onConfig?.(config, index, configs.length);
    const experiment: ExperimentSettings = { ...settings.base, model: config.model, groups: config.groups, epochs: settings.epochs[config.model] };
    const outcome = experimentInFolder(experiment, corpus, join(out, 'configs', config.id), hooks);
    if (outcome === null) return null;
    results.push({
      ...config,
      nFeatures: outcome.data.nFeatures,
      params: outcome.params,
      testAccuracies: outcome.runs.map((r) => r.testAccuracy),
      meanTestAccuracy: outcome.meanTestAccuracy,
      stdTestAccuracy: outcome.stdTestAccuracy,
      secondsPerEpoch: outcome.secondsPerEpoch,
      trainingSeconds: outcome.runs.reduce((total, r) => total + r.history.reduce((t, e) => t + e.seconds, 0), 0),
    });
  }
  const analysis: AnalysisResults = {
    settings,
    configs: results,
    seconds: (performance.now() - started) / 1000,
    trainingSeconds: results.reduce((t, r) => t + r.trainingSeconds, 0),
    table: analysisTable(settings, results),
  };
  writeAnalysisReport(analysis, out);
  return analysis;
}

const pct = (r: ConfigResult | undefined) => (r === undefined ? '—' : `${(100 * r.meanTestAccuracy).toFixed(1)} ± ${(100 * r.stdTestAccuracy).toFixed(1)}`);

/** Markdown table: one row per group (and the negative-mode reference), one column per model × mode. */
export function analysisTable(settings: Pick<AnalysisSettings, 'models' | 'modes' | 'groups'>, results: readonly ConfigResult[]): string {
  const find = (model: string, mode: AnalysisMode, group: string) => results.find((r) => r.model === model && r.mode === mode && r.group === group);
  const columns = settings.models.flatMap((model) => settings.modes.map((mode) => ({ model, mode })));
  const header = ['group (kept alone / removed)', ...columns.map((c) => `${c.model} ${c.mode}`)];
  const rows = [...settings.groups, ...(settings.modes.includes('negative') ? [NONE_REMOVED] : [])].map((group) => [
    group === NONE_REMOVED ? 'none removed (all groups)' : group,
    ...columns.map((c) => pct(find(c.model, c.mode, group))),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** results.json, table.md and one grouped bar chart per mode (Fig. 2: positive, Fig. 3: negative). */
export function writeAnalysisReport(analysis: AnalysisResults, out: string): string[] {
  const { settings, configs } = analysis;
  const files = [join(out, 'results.json'), join(out, 'table.md')];
  writeJsonAtomic(files[0], analysis);
  writeFileAtomic(files[1], `${analysis.table}\n\nTest accuracy (%), mean ± std over ${settings.base.runs} runs; data ${settings.base.data}, ${settings.base.split} split.\n`);
  for (const mode of settings.modes) {
    const categories = mode === 'positive' ? [...settings.groups] : [NONE_REMOVED, ...settings.groups];
    const series = settings.models.map((model) => {
      const rows = categories.map((group) => configs.find((r) => r.model === model && r.mode === mode && r.group === group)!);
      return { name: model, values: rows.map((r) => 100 * r.meanTestAccuracy), errors: rows.map((r) => 100 * r.stdTestAccuracy) };
    });
    const title = mode === 'positive' ? 'Fig. 2 — positive mode: one feature group alone' : 'Fig. 3 — negative mode: all groups but one';
    const path = join(out, `${mode}.svg`);
    writeFileAtomic(path, groupedBarChart(mode === 'positive' ? categories : categories.map((c) => (c === NONE_REMOVED ? 'all' : `− ${c}`)), series, { title, yLabel: 'test accuracy (%)' }));
    files.push(path);
  }
  return files;
}

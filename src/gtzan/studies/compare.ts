/**
 * Every model on the same data, under each split (random, blocks, and split lists such as the
 * fault-filtered split of full GTZAN), in one invocation: the results table of the README
 * and the check of the target (the best model at least `targetMargin` above the better of
 * the paper's models on every split). GTZAN's neighbouring clips share artists, so a random split
 * flatters; the block split (whole index ranges held out per genre) is the honest one, and a model
 * only wins if it wins on both.
 *
 * One corpus is loaded per split; each model is an experiment in `<out>/<split>/<model>/`
 * (`experiment-folder.ts`: results.json and pictures, resumable). Output: comparison.json
 * (settings), results.json, table.md.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { experimentInFolder } from './experiment-folder.js';
import { readJson, writeFileAtomic, writeJsonAtomic } from '../files.js';
import { loadExperimentCorpus, type ExperimentHooks, type ExperimentSettings } from '../train/experiment.js';
import { modelEntry, modelGroups } from '../train/models.js';
import type { FeatureGroup } from '../../dsp/features.js';

/** A split of the comparison: seeded random, held-out index blocks, or the lists in `splitDir` (e.g. the fault-filtered split). */
export type ComparisonSplit = 'random' | 'blocks' | 'lists';
export const COMPARISON_SPLITS: readonly ComparisonSplit[] = ['random', 'blocks', 'lists'];

export interface ComparisonSettings {
  models: string[];
  splits: ComparisonSplit[];
  /** Folder of train*.txt / valid*.txt / test*.txt lists, for the `lists` split. */
  splitDir?: string;
  /** Epochs per model. */
  epochs: Record<string, number>;
  /** Required lead of the best model over the better paper model, on every split (the issue: 0.10). */
  targetMargin: number;
  /**
   * Everything else of an experiment (data, seed, runs, fractions, batch size, backend, ...); without
   * `groups` each model reads its own feature groups (`modelGroups`).
   */
  base: Omit<ExperimentSettings, 'model' | 'epochs' | 'split' | 'groups'> & { groups?: FeatureGroup[] };
}

export interface SplitScore {
  testAccuracies: number[];
  meanTestAccuracy: number;
  stdTestAccuracy: number;
  secondsPerEpoch: number;
  /** Test clips (the accuracy's denominator). */
  testClips: number;
}

export interface ComparisonRow {
  model: string;
  description: string;
  /** The feature groups it read. */
  groups: FeatureGroup[];
  params: number;
  epochs: number;
  paperAccuracy: number | null;
  /** Segment length and hop in frames for segment models, else null. */
  segments: { frames: number; hop: number } | null;
  scores: Partial<Record<ComparisonSplit, SplitScore>>;
}

export interface TargetCheck {
  /** The non-paper model with the largest smallest lead over the better paper model across splits. */
  best: string | null;
  /** Per split: the better paper model, its mean, and the best model's lead over it. */
  splits: { split: ComparisonSplit; paperModel: string; paperAccuracy: number; lead: number }[];
  met: boolean;
}

export interface ComparisonResults {
  settings: ComparisonSettings;
  rows: ComparisonRow[];
  target: TargetCheck | null;
  seconds: number;
  table: string;
}

export interface ComparisonHooks extends ExperimentHooks {
  /** Before each experiment: split, model, index (0-based) and total. */
  onExperiment?: (split: ComparisonSplit, model: string, index: number, total: number) => void;
}

const SETTINGS_FILE = 'comparison.json';

export function readComparisonSettings(out: string): ComparisonSettings {
  const path = join(out, SETTINGS_FILE);
  if (!existsSync(path)) throw new Error(`${out}: no ${SETTINGS_FILE} here, so there is no comparison to resume`);
  return readJson<ComparisonSettings>(path);
}

/** Run (or continue) the comparison; null when the hooks' signal stopped it. */
export async function runComparison(settings: ComparisonSettings, out: string, hooks: ComparisonHooks = {}, resume = false): Promise<ComparisonResults | null> {
  if (settings.models.length === 0) throw new Error('a comparison needs at least one model');
  if (new Set(settings.models).size !== settings.models.length) throw new Error(`a comparison names each model once, got ${settings.models.join(', ')}`);
  for (const model of settings.models) {
    modelEntry(model);
    if (!(Number.isInteger(settings.epochs[model]) && settings.epochs[model] > 0)) throw new Error(`no epoch count for model '${model}'`);
  }
  if (settings.splits.includes('lists') && settings.splitDir === undefined) throw new Error("the 'lists' split needs a folder of split lists (splitDir)");
  if (!resume && existsSync(join(out, SETTINGS_FILE))) throw new Error(`${out} already holds a comparison; resume it or choose another output folder`);
  const started = performance.now();
  mkdirSync(out, { recursive: true });
  if (!resume) writeJsonAtomic(join(out, SETTINGS_FILE), settings);
  const rows: ComparisonRow[] = settings.models.map((model) => {
    const entry = modelEntry(model);
    return { model, description: entry.description, groups: settings.base.groups ?? modelGroups(model), params: 0, epochs: settings.epochs[model], paperAccuracy: entry.paperAccuracy ?? null, segments: null, scores: {} };
  });
  const total = settings.models.length * settings.splits.length;
  for (const [s, split] of settings.splits.entries()) {
    const splitSettings = split === 'lists' ? { split: 'random' as const, splitDir: settings.splitDir } : { split };
    const corpus = await loadExperimentCorpus({ ...settings.base, ...splitSettings, model: rows[0].model, groups: rows[0].groups, epochs: 1 }, hooks);
    for (const [m, row] of rows.entries()) {
      hooks.onExperiment?.(split, row.model, s * rows.length + m, total);
      const experiment: ExperimentSettings = { ...settings.base, ...splitSettings, model: row.model, groups: row.groups, epochs: row.epochs };
      const results = experimentInFolder(experiment, corpus, join(out, split, row.model), hooks, { pictures: true });
      if (results === null) return null;
      row.params = results.params;
      row.segments = results.segments === null ? null : { frames: results.segments.frames, hop: results.segments.hop };
      row.scores[split] = {
        testAccuracies: results.runs.map((r) => r.testAccuracy),
        meanTestAccuracy: results.meanTestAccuracy,
        stdTestAccuracy: results.stdTestAccuracy,
        secondsPerEpoch: results.secondsPerEpoch,
        testClips: results.data.clips.test.length,
      };
    }
  }
  const target = checkTarget(rows, settings.splits, settings.targetMargin);
  const comparison: ComparisonResults = { settings, rows, target, seconds: (performance.now() - started) / 1000, table: comparisonTable(rows, settings.splits) };
  writeJsonAtomic(join(out, 'results.json'), comparison);
  writeFileAtomic(join(out, 'table.md'), `${comparison.table}\n\n${formatTarget(target, settings.targetMargin)}\n`);
  return comparison;
}

/**
 * The target check: per split the better paper model (highest mean among entries with a paper
 * accuracy); for every other model its smallest lead over that across splits; the best is the
 * model with the largest smallest lead, and the target is met when that lead ≥ margin. Null
 * without a paper model or another model to compare.
 */
export function checkTarget(rows: readonly ComparisonRow[], splits: readonly ComparisonSplit[], margin: number): TargetCheck | null {
  const paper = rows.filter((r) => r.paperAccuracy !== null);
  const others = rows.filter((r) => r.paperAccuracy === null);
  if (paper.length === 0 || others.length === 0 || splits.length === 0) return null;
  const reference = splits.map((split) => {
    const top = paper.reduce((a, b) => (b.scores[split]!.meanTestAccuracy > a.scores[split]!.meanTestAccuracy ? b : a));
    return { split, paperModel: top.model, paperAccuracy: top.scores[split]!.meanTestAccuracy };
  });
  const leadOf = (row: ComparisonRow) => Math.min(...reference.map((ref) => row.scores[ref.split]!.meanTestAccuracy - ref.paperAccuracy));
  const best = others.reduce((a, b) => (leadOf(b) > leadOf(a) ? b : a));
  const splitsCheck = reference.map((ref) => ({ ...ref, lead: best.scores[ref.split]!.meanTestAccuracy - ref.paperAccuracy }));
  return { best: best.model, splits: splitsCheck, met: splitsCheck.every((s) => s.lead >= margin - 1e-12) };
}

const pct = (v: number) => (100 * v).toFixed(1);

/** Markdown table: model, parameters, epochs, then mean ± std accuracy and s/epoch per split. */
export function comparisonTable(rows: readonly ComparisonRow[], splits: readonly ComparisonSplit[]): string {
  const header = ['model', 'params', 'epochs', ...splits.flatMap((s) => [`${s} split: test acc. (%)`, `${s}: s/epoch`]), 'paper'];
  const body = rows.map((r) => [
    r.model + (r.segments ? ` (segments ${r.segments.frames}/${r.segments.hop})` : ''),
    r.params.toLocaleString('en-US'),
    String(r.epochs),
    ...splits.flatMap((s) => {
      const score = r.scores[s];
      return score ? [`${pct(score.meanTestAccuracy)} ± ${pct(score.stdTestAccuracy)}`, score.secondsPerEpoch.toFixed(2)] : ['—', '—'];
    }),
    r.paperAccuracy === null ? '' : `${pct(r.paperAccuracy)} (GTZAN, random)`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

/** One paragraph: the best model's lead over the better paper model per split, and the verdict. */
export function formatTarget(target: TargetCheck | null, margin: number): string {
  if (target === null) return 'target: needs at least one paper model and one other model';
  const leads = target.splits.map((s) => `${s.split}: ${pct(s.lead)} points over ${s.paperModel} (${pct(s.paperAccuracy)} %)`).join('; ');
  const verdict = target.met ? 'met' : `not met (short by ${pct(margin - Math.min(...target.splits.map((s) => s.lead)))} points on the weaker split)`;
  return `target (best model ≥ ${pct(margin)} points above the better paper model on every split): ${verdict}. Best: ${target.best} — ${leads}.`;
}

/**
 * The feature analysis on a tiny synthetic corpus: the configurations of both modes, the table and
 * charts, and an analysis interrupted inside a configuration that resumes to the results of an
 * uninterrupted one.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analysisConfigs, checkAnalysisSettings, runFeatureAnalysis, type AnalysisSettings } from '../../../src/gtzan/index.js';

const test = suite('gtzan/studies/feature-analysis');

const settings: AnalysisSettings = {
  models: ['cnn'],
  modes: ['positive', 'negative'],
  groups: ['mfcc', 'chroma', 'rms'],
  epochs: { cnn: 2 },
  base: { data: 'synthetic', synthetic: { clipsPerClass: 3, seconds: 1 }, split: 'random', fractions: { train: 0.34, valid: 0.33, test: 0.33 }, seed: 2, runs: 2, batchSize: 8, backend: 'reference' },
};
const hooks = { cacheDir: null, workers: 0 };
const temp = () => mkdtempSync(join(tmpdir(), 'tunegrad-analysis-'));

test('configurations: each group alone, then all groups and all but each one', () => {
  const configs = analysisConfigs({ models: ['cnn', 'lstm'], modes: ['positive', 'negative'], groups: ['mfcc', 'chroma', 'rms'] });
  assert.is(configs.length, 2 * (3 + 4));
  assert.equal(
    configs.slice(0, 7).map((c) => [c.id, c.groups.join('+')]),
    [
      ['cnn-positive-mfcc', 'mfcc'],
      ['cnn-positive-chroma', 'chroma'],
      ['cnn-positive-rms', 'rms'],
      ['cnn-negative-none', 'mfcc+chroma+rms'],
      ['cnn-negative-mfcc', 'chroma+rms'],
      ['cnn-negative-chroma', 'mfcc+rms'],
      ['cnn-negative-rms', 'mfcc+chroma'],
    ],
  );
});

test('bad settings fail before any work, naming the problem', () => {
  assert.throws(() => checkAnalysisSettings({ ...settings, models: ['svm'] }), /unknown model 'svm'/);
  assert.throws(() => checkAnalysisSettings({ ...settings, epochs: {} }), /no epoch count for model 'cnn'/);
  assert.throws(() => checkAnalysisSettings({ ...settings, groups: ['mfcc'] }), /negative mode needs at least two groups/);
});

test('an analysis interrupted inside a configuration resumes to the uninterrupted results, with table and both figures', async () => {
  const [whole, broken] = [temp(), temp()];
  try {
    const expected = await runFeatureAnalysis(settings, whole, hooks);
    assert.ok(expected);
    assert.is(expected.configs.length, 7);
    for (const c of expected.configs) {
      assert.is(c.testAccuracies.length, 2);
      assert.is(c.nFeatures, c.groups.reduce((n, g) => n + ({ mfcc: 20, chroma: 12, rms: 1 } as Record<string, number>)[g], 0));
    }
    for (const file of ['results.json', 'table.md', 'positive.svg', 'negative.svg']) assert.ok(existsSync(join(whole, file)), file);
    assert.match(readFileSync(join(whole, 'negative.svg'), 'utf8'), /Fig\. 3/);
    assert.match(expected.table, /\| chroma +\| [\d.]+ ± [\d.]+ +\| [\d.]+ ± [\d.]+ +\|/);
    assert.match(expected.table, /none removed \(all groups\) +\| — +\| [\d.]+ ± [\d.]+/);
    assert.equal(readdirSync(join(whole, 'configs', 'cnn-positive-rms')).filter((f) => f.endsWith('.ckpt')), [], 'checkpoints of finished configurations are removed');

    const controller = new AbortController();
    let configIndex = -1;
    const stopped = await runFeatureAnalysis(settings, broken, {
      ...hooks,
      signal: controller.signal,
      onConfig: (_c, index) => (configIndex = index),
      onEpoch: (run) => {
        if (configIndex === 4 && run === 1) controller.abort();
      },
    });
    assert.is(stopped, null);
    const refused = await runFeatureAnalysis(settings, broken, hooks).then(() => null, (err: Error) => err.message);
    assert.match(refused ?? 'it ran', /already holds a feature analysis/);
    const resumed = await runFeatureAnalysis(settings, broken, hooks, true);
    assert.ok(resumed);
    assert.equal(
      resumed.configs.map((c) => [c.id, c.testAccuracies]),
      expected.configs.map((c) => [c.id, c.testAccuracies]),
    );
  } finally {
    rmSync(whole, { recursive: true, force: true });
    rmSync(broken, { recursive: true, force: true });
  }
});

test.run();

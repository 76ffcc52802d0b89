/**
 * The model comparison: the target check on hand-made rows, and a tiny synthetic comparison of two
 * models under both splits end to end (table, results, resume of a finished comparison).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkTarget, formatTarget, modelGroups, runComparison, type ComparisonRow, type ComparisonSettings } from '../../../src/gtzan/index.js';
import { sharedGtzan } from '../../util/skip.js';

const test = suite('gtzan/studies/compare');

function row(model: string, paper: boolean, random: number, blocks: number): ComparisonRow {
  const score = (mean: number) => ({ testAccuracies: [mean], meanTestAccuracy: mean, stdTestAccuracy: 0, secondsPerEpoch: 1, testClips: 80 });
  return { model, description: '', groups: ['mfcc'], params: 1, epochs: 1, paperAccuracy: paper ? 0.5 : null, segments: null, scores: { random: score(random), blocks: score(blocks) } };
}

test('the target compares the best model with the better paper model on each split', () => {
  const rows = [row('cnn', true, 0.55, 0.38), row('lstm', true, 0.6, 0.36), row('a', false, 0.75, 0.45), row('b', false, 0.7, 0.49)];
  const check = checkTarget(rows, ['random', 'blocks'], 0.1)!;
  assert.is(check.best, 'b', 'the largest smallest lead: b leads by 10 and 11, a by 15 and 7');
  assert.equal(check.splits.map((s) => [s.split, s.paperModel]), [['random', 'lstm'], ['blocks', 'cnn']]);
  assert.ok(check.met);
  const missed = checkTarget([...rows.slice(0, 3), row('b', false, 0.69, 0.49)], ['random', 'blocks'], 0.1)!;
  assert.not.ok(missed.met);
  assert.match(formatTarget(missed, 0.1), /not met \(short by 1\.0 points on the weaker split\)/);
  assert.is(checkTarget(rows.slice(0, 2), ['random'], 0.1), null, 'no model beyond the paper');
});

test('two models under both splits on a tiny synthetic corpus: table, results, and a finished comparison read back', async () => {
  const out = mkdtempSync(join(tmpdir(), 'tunegrad-compare-'));
  const settings: ComparisonSettings = {
    models: ['cnn', 'cnn-seg'],
    splits: ['random', 'blocks'],
    epochs: { cnn: 1, 'cnn-seg': 2 },
    targetMargin: 0.1,
    base: { data: 'synthetic', synthetic: { clipsPerClass: 4, seconds: 1 }, fractions: { train: 0.5, valid: 0.25, test: 0.25 }, seed: 1, runs: 1, batchSize: 16, groups: ['mfcc'], backend: 'reference' },
  };
  try {
    const started: string[] = [];
    const result = await runComparison(settings, out, { cacheDir: null, workers: 0, onExperiment: (split, model) => started.push(`${split}/${model}`) });
    assert.ok(result);
    assert.equal(started, ['random/cnn', 'random/cnn-seg', 'blocks/cnn', 'blocks/cnn-seg']);
    assert.equal(result.rows.map((r) => [r.model, r.epochs, Object.keys(r.scores)]), [['cnn', 1, ['random', 'blocks']], ['cnn-seg', 2, ['random', 'blocks']]]);
    assert.equal(result.rows[1].segments, { frames: 14, hop: 7 });
    assert.is(result.rows[0].scores.blocks!.testClips, 10);
    assert.is(result.target!.best, 'cnn-seg');
    assert.match(result.table, /\| cnn-seg \(segments 14\/7\) +\| [\d,]+ +\| 2 +\| [\d.]+ ± 0\.0 +\|/);
    for (const file of ['results.json', 'table.md', 'random/cnn/results.json', 'blocks/cnn-seg/confusion.svg']) assert.ok(existsSync(join(out, file)), file);
    assert.match(readFileSync(join(out, 'table.md'), 'utf8'), /^target \(best model ≥ 10\.0 points/m);
    let epochsTrained = 0;
    const reread = await runComparison(settings, out, { cacheDir: null, workers: 0, onEpoch: () => epochsTrained++ }, true);
    assert.equal(reread!.rows, result.rows);
    assert.is(epochsTrained, 0, 'finished experiments are read back, not retrained');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('without --features each model reads its own feature groups', async () => {
  const out = mkdtempSync(join(tmpdir(), 'tunegrad-compare-'));
  const settings: ComparisonSettings = {
    models: ['cnn', 'stats-plus-seg-aug'],
    splits: ['random'],
    epochs: { cnn: 1, 'stats-plus-seg-aug': 1 },
    targetMargin: 0.1,
    base: { data: 'synthetic', synthetic: { clipsPerClass: 4, seconds: 1 }, fractions: { train: 0.5, valid: 0.25, test: 0.25 }, seed: 1, runs: 1, batchSize: 16, backend: 'reference' },
  };
  try {
    const result = await runComparison(settings, out, { cacheDir: null, workers: 0 });
    assert.equal(result!.rows.map((r) => r.groups), [modelGroups('cnn'), modelGroups('stats-plus-seg-aug')]);
    const features = (model: string) => (JSON.parse(readFileSync(join(out, 'random', model, 'results.json'), 'utf8')) as { data: { nFeatures: number } }).data.nFeatures;
    assert.equal([features('cnn'), features('stats-plus-seg-aug')], [40, 44]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('the lists split: the fault-filtered lists applied to the real excerpts they cover', async () => {
  const excerpts = sharedGtzan('excerpts');
  const lists = sharedGtzan('splits/filtered');
  if (excerpts === null || lists === null) return;
  const out = mkdtempSync(join(tmpdir(), 'tunegrad-compare-'));
  try {
    const settings: ComparisonSettings = {
      models: ['cnn'],
      splits: ['lists'],
      splitDir: lists,
      epochs: { cnn: 1 },
      targetMargin: 0.1,
      base: { data: excerpts, seed: 0, runs: 1, batchSize: 32, groups: ['mfcc'], backend: 'reference' },
    };
    const result = await runComparison(settings, out, { workers: 0 });
    const results = JSON.parse(readFileSync(join(out, 'lists', 'cnn', 'results.json'), 'utf8'));
    assert.is(results.split.method, 'lists');
    const testList = readFileSync(join(lists, 'test_filtered.txt'), 'utf8').split('\n').filter((l) => l.trim() !== '' && existsSync(join(excerpts, l.trim())));
    assert.is(result!.rows[0].scores.lists!.testClips, testList.length, 'every listed test clip the excerpts hold');
    assert.equal(result!.target, null, 'one paper model alone: nothing to compare');
    await runComparison({ ...settings, splitDir: undefined }, join(out, 'again'), { workers: 0 }).then(
      () => assert.unreachable('a lists split without splitDir must fail'),
      (err: Error) => assert.match(err.message, /needs a folder of split lists/),
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test.run();

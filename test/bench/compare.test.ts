/** `node bench/compare.js` as a user runs it: help, clear errors and a short run. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { projectRoot } from '../util/skip.js';

const test = suite('bench/compare.js');
const run = (...args: string[]) => spawnSync(process.execPath, ['bench/compare.js', ...args], { cwd: projectRoot, encoding: 'utf8' });
const common = ['--runs', '--epochs', '--data', '--fractions', '--seed', '--batch', '--backend', '--out', '--resume'];

test('--help documents every flag', () => {
  const r = run('--help');
  assert.is(r.status, 0);
  for (const flag of [...common, '--models', '--splits', '--split-dir', '--features', '--target']) assert.ok(r.stdout.includes(flag), `--help mentions ${flag}`);
});

test('bad input: one clear line on stderr and exit code 1', () => {
  for (const [args, message] of [
    [['--splits', 'random,artist'], /unknown split 'artist'/],
    [['--splits', 'lists'], /the lists split needs --split-dir DIR/],
    [['--runs', 'five', '--data', 'synthetic'], /--runs must be a positive integer, got 'five'/],
    [['--resume', '/nonexistent/run'], /no comparison.json here/],
    [['--models', '', '--data', 'synthetic'], /^compare: --models names no model in ''/],
    [['--models', 'cnn,lstm,cnn', '--data', 'synthetic'], /^compare: --models names 'cnn' twice in 'cnn,lstm,cnn'$/m],
    [['--models', 'toString', '--data', 'synthetic'], /^compare: unknown model 'toString'/],
  ] as const) {
    const r = run(...args);
    assert.is(r.status, 1, `${args.join(' ')} exits 1`);
    assert.match(r.stderr, message);
    assert.is(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: one line`);
  }
});

test('a resumed comparison whose settings name no model, or one twice, is refused', () => {
  const out = mkdtempSync(join(tmpdir(), 'tunegrad-bench-'));
  try {
    for (const [models, message] of [
      [[], /^compare: a comparison needs at least one model$/],
      [['cnn', 'cnn'], /^compare: a comparison names each model once, got cnn, cnn$/],
    ] as const) {
      const settings = { models, splits: ['random'], epochs: { cnn: 1 }, targetMargin: 0.1, base: { data: 'synthetic', seed: 0, runs: 1, batchSize: 32, backend: 'reference' } };
      writeFileSync(join(out, 'comparison.json'), JSON.stringify(settings));
      const r = run('--resume', out);
      assert.is(r.status, 1, r.stderr);
      assert.match(r.stderr.trim(), message);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('a comparison whose start fails leaves no folder behind, so the retry is not refused', () => {
  const root = mkdtempSync(join(tmpdir(), 'tunegrad-bench-'));
  try {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    const r = run('--data', empty, '--models', 'cnn', '--splits', 'random', '--runs', '1', '--epochs', '1', '--out', join(root, 'cmp'), '--backend', 'reference');
    assert.is(r.status, 1);
    assert.match(r.stderr, /no labelled audio clips found/);
    assert.not.ok(existsSync(join(root, 'cmp')), 'no half-made folder');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a short comparison on the synthetic corpus writes its table and results', () => {
  const out = mkdtempSync(join(tmpdir(), 'tunegrad-bench-'));
  try {
    const compare = run('--data', 'synthetic', '--models', 'cnn,cnn-seg', '--splits', 'blocks', '--runs', '1', '--epochs', '1', '--out', join(out, 'cmp'), '--backend', 'reference');
    assert.is(compare.status, 0, compare.stderr);
    assert.match(compare.stdout, /\| cnn-seg \(segments \d+\/\d+\) +\|/);
    assert.match(compare.stdout, /^target \(best model ≥ 10\.0 points above the better paper model on every split\): (met|not met)/m);
    assert.is(JSON.parse(readFileSync(join(out, 'cmp', 'results.json'), 'utf8')).rows.length, 2);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test.run();

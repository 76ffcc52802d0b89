/** `node bench/feature-analysis.js` as a user runs it: help, clear errors, a short run and a refused second start in the same folder. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { projectRoot } from '../util/skip.js';

const test = suite('bench/feature-analysis.js');
const run = (...args: string[]) => spawnSync(process.execPath, ['bench/feature-analysis.js', ...args], { cwd: projectRoot, encoding: 'utf8' });
const common = ['--runs', '--epochs', '--data', '--fractions', '--seed', '--batch', '--backend', '--out', '--resume'];

test('--help documents every flag', () => {
  const r = run('--help');
  assert.is(r.status, 0);
  for (const flag of [...common, '--models', '--modes', '--groups', '--split']) assert.ok(r.stdout.includes(flag), `--help mentions ${flag}`);
});

test('bad input: one clear line on stderr and exit code 1', () => {
  for (const [args, message] of [
    [['--models', 'svm'], /unknown model 'svm'/],
    [['--modes', 'sideways'], /unknown mode 'sideways'/],
    [['--groups', 'mfcc,loudness'], /loudness/],
    [['--epochs', 'cnn=0', '--data', 'synthetic'], /--epochs must be a positive integer, got '0'/],
    [['--epochs', 'rnn=3', '--data', 'synthetic'], /--epochs names 'rnn', which is not among --models/],
    [['--data', '/nonexistent/folder'], /no data at \/nonexistent\/folder/],
    [['--resume', '/nonexistent/run'], /no analysis.json here/],
  ] as const) {
    const r = run(...args);
    assert.is(r.status, 1, `${args.join(' ')} exits 1`);
    assert.match(r.stderr, message);
    assert.is(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: one line`);
  }
});

test('a short feature analysis on the synthetic corpus writes its table and charts; a second start in its folder is refused', () => {
  const out = mkdtempSync(join(tmpdir(), 'tunegrad-bench-'));
  try {
    const analysis = run('--data', 'synthetic', '--models', 'cnn', '--groups', 'mfcc,rms', '--runs', '1', '--epochs', '1', '--out', join(out, 'fa'), '--backend', 'reference');
    assert.is(analysis.status, 0, analysis.stderr);
    assert.match(analysis.stdout, /\| mfcc +\| [\d.]+ ± 0\.0 +\| [\d.]+ ± 0\.0 +\|/);
    for (const f of ['results.json', 'table.md', 'positive.svg', 'negative.svg']) assert.ok(existsSync(join(out, 'fa', f)), f);
    const again = run('--data', 'synthetic', '--out', join(out, 'fa'));
    assert.is(again.status, 1);
    assert.match(again.stderr, /already holds a feature analysis; continue it with --resume/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test.run();

/** `node bench/feature-analysis.js` and `node bench/compare.js` as a user runs them: help, clear errors, a short run each. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { projectRoot } from '../util/skip.js';

const test = suite('bench/feature-analysis.js and bench/compare.js');
const run = (script: string, ...args: string[]) => spawnSync(process.execPath, [`bench/${script}.js`, ...args], { cwd: projectRoot, encoding: 'utf8' });

test('--help documents every flag', () => {
  const common = ['--runs', '--epochs', '--data', '--fractions', '--seed', '--batch', '--backend', '--out', '--resume'];
  for (const [script, flags] of [
    ['feature-analysis', [...common, '--models', '--modes', '--groups', '--split']],
    ['compare', [...common, '--models', '--splits', '--split-dir', '--features', '--target']],
  ] as const) {
    const r = run(script, '--help');
    assert.is(r.status, 0);
    for (const flag of flags) assert.ok(r.stdout.includes(flag), `${script} --help mentions ${flag}`);
  }
});

test('bad input: one clear line on stderr and exit code 1', () => {
  for (const [script, args, message] of [
    ['feature-analysis', ['--models', 'svm'], /unknown model 'svm'/],
    ['feature-analysis', ['--modes', 'sideways'], /unknown mode 'sideways'/],
    ['feature-analysis', ['--groups', 'mfcc,loudness'], /loudness/],
    ['feature-analysis', ['--epochs', 'cnn=0', '--data', 'synthetic'], /--epochs must be a positive integer, got '0'/],
    ['feature-analysis', ['--epochs', 'rnn=3', '--data', 'synthetic'], /--epochs names 'rnn', which is not among --models/],
    ['feature-analysis', ['--data', '/nonexistent/folder'], /no data at \/nonexistent\/folder/],
    ['feature-analysis', ['--resume', '/nonexistent/run'], /no analysis.json here/],
    ['compare', ['--splits', 'random,artist'], /unknown split 'artist'/],
    ['compare', ['--splits', 'lists'], /the lists split needs --split-dir DIR/],
    ['compare', ['--runs', 'five', '--data', 'synthetic'], /--runs must be a positive integer, got 'five'/],
    ['compare', ['--resume', '/nonexistent/run'], /no comparison.json here/],
  ] as const) {
    const r = run(script, ...args);
    assert.is(r.status, 1, `${script} ${args.join(' ')} exits 1`);
    assert.match(r.stderr, message);
    assert.is(r.stderr.trim().split('\n').length, 1, `${script} ${args.join(' ')}: one line`);
  }
});

test('a short feature analysis and a short comparison on the synthetic corpus write their tables and charts', () => {
  const out = mkdtempSync(join(tmpdir(), 'tunegrad-bench-'));
  try {
    const analysis = run('feature-analysis', '--data', 'synthetic', '--models', 'cnn', '--groups', 'mfcc,rms', '--runs', '1', '--epochs', '1', '--out', join(out, 'fa'), '--backend', 'reference');
    assert.is(analysis.status, 0, analysis.stderr);
    assert.match(analysis.stdout, /\| mfcc +\| [\d.]+ ± 0\.0 +\| [\d.]+ ± 0\.0 +\|/);
    for (const f of ['results.json', 'table.md', 'positive.svg', 'negative.svg']) assert.ok(existsSync(join(out, 'fa', f)), f);
    const again = run('feature-analysis', '--data', 'synthetic', '--out', join(out, 'fa'));
    assert.is(again.status, 1);
    assert.match(again.stderr, /already holds a feature analysis; continue it with --resume/);

    const compare = run('compare', '--data', 'synthetic', '--models', 'cnn,cnn-seg', '--splits', 'blocks', '--runs', '1', '--epochs', '1', '--out', join(out, 'cmp'), '--backend', 'reference');
    assert.is(compare.status, 0, compare.stderr);
    assert.match(compare.stdout, /\| cnn-seg \(segments \d+\/\d+\) +\|/);
    assert.match(compare.stdout, /^target \(best model ≥ 10\.0 points above the better paper model on every split\): (met|not met)/m);
    assert.is(JSON.parse(readFileSync(join(out, 'cmp', 'results.json'), 'utf8')).rows.length, 2);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test.run();

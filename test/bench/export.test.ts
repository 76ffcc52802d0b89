/** `node bench/export.js` as a user runs it: help, clear errors, and a synthetic corpus exported as the oracle reads it. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { projectRoot } from '../util/skip.js';
import { tempDir } from '../util/files.js';

const test = suite('bench/export.js');
const run = (...args: string[]) => spawnSync(process.execPath, ['bench/export.js', ...args], { cwd: projectRoot, encoding: 'utf8' });

test('--help documents every flag', () => {
  const r = run('--help');
  assert.is(r.status, 0);
  for (const flag of ['--data', '--out', '--split', '--split-dir', '--fractions', '--seed', '--features', '--timesteps']) assert.ok(r.stdout.includes(flag), `--help mentions ${flag}`);
});

test('bad input: one clear line on stderr and exit code 1', () => {
  for (const [args, message] of [
    [['--data', 'synthetic'], /--data and --out are required/],
    [['--data', '/nonexistent/folder', '--out', 'x.npz'], /no data at \/nonexistent\/folder/],
    [['--data', 'synthetic', '--out', 'x.npz', '--fractions', '0.5,0.5'], /--fractions needs three numbers/],
    [['--data', 'synthetic', '--out', 'x.npz', '--seed', '1.5'], /--seed must be an integer, got '1.5'/],
    [['--data', 'synthetic', '--out', 'x.npz', '--features', 'mfcc,tempo'], /unknown feature group "tempo"/],
  ] as const) {
    const r = run(...args);
    assert.is(r.status, 1, `${args.join(' ')} exits 1`);
    assert.match(r.stderr, message);
    assert.is(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: one line`);
  }
});

test('the synthetic corpus as X, y and the split indices, rows in the order train, valid, test', () => {
  const { dir, cleanup } = tempDir('tunegrad-export-');
  try {
    const out = join(dir, 'features.npz');
    const r = run('--data', 'synthetic', '--out', out, '--features', 'mfcc,rms', '--timesteps', '20');
    assert.is(r.status, 0, r.stderr);
    assert.match(r.stdout, /wrote .*features\.npz: X \[200, 20, 21\], split 140\/20\/40, labels ambient,/);
    const names = [...readFileSync(out).toString('latin1').matchAll(/(\w+)\.npy/g)].map((m) => m[1]);
    assert.equal([...new Set(names)], ['X', 'y', 'train_idx', 'val_idx', 'test_idx']);
  } finally {
    cleanup();
  }
});

test.run();

/** `node bench/export.js` as a user runs it: help, clear errors, and a synthetic corpus exported as the oracle reads it. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { projectRoot } from '../util/skip.js';
import { tempDir, writeFile } from '../util/files.js';
import { floatWav, toneWav } from '../util/wav.js';

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
    [["--data", "synthetic", "--out", "x.npz", "--features", "mfcc,beats"], /unknown feature group "beats"/],
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

test('a clip with non-finite features and a 0.05-s clip are skipped and listed; the rest is exported; the sequence length says what set it', () => {
  const { dir, cleanup } = tempDir('tunegrad-export-');
  try {
    for (const label of ['pop', 'rock']) for (let k = 1; k <= 5; k++) writeFile(dir, `data/${label}/${label}.0000${k}.wav`, toneWav(1, label === 'pop' ? 300 + 20 * k : 900 + 20 * k));
    const huge = writeFile(dir, 'data/pop/pop.00007.wav', floatWav(Array.from({ length: 22050 }, (_, i) => 1e30 * Math.sin(i / 3))));
    const short = writeFile(dir, 'data/rock/rock.00008.wav', toneWav(0.05));
    const out = join(dir, 'x.npz');
    const r = run('--data', join(dir, 'data'), '--out', out, '--fractions', '0.6,0.2,0.2');
    assert.is(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.ok(lines.some((l) => l.startsWith(`skipped ${huge}: non-finite feature`)), r.stdout);
    assert.ok(lines.includes(`skipped ${short}: too short: 3 frames (0.05 s), below the minimum of 22 frames (half the median clip's 44 frames)`), r.stdout);
    assert.ok(lines.some((l) => /^sequence length 44 frames \(1\.00 s\): the shortest clip, (pop|rock)\.0000\d \(44 frames\)$/.test(l)), r.stdout);
    assert.match(r.stdout, /wrote .*x\.npz: X \[10, 44, 40\], split 6\/2\/2/);
  } finally {
    cleanup();
  }
});

test.run();

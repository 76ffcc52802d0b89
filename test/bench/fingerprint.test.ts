/** `node bench/fingerprint.js` as a user runs it: help, a clear error, and the comparison of two fingerprints. */
import { spawnSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { projectRoot } from '../util/skip.js';
import { tempDir, writeFile } from '../util/files.js';

const test = suite('bench/fingerprint.js');
const run = (...args: string[]) => spawnSync(process.execPath, ['bench/fingerprint.js', ...args], { cwd: projectRoot, encoding: 'utf8' });

test('--help, a clear error, and --compare: same files pass, a differing or missing file fails naming it', () => {
  assert.is(run('--help').status, 0);
  const none = run();
  assert.is(none.status, 1);
  assert.match(none.stderr, /^fingerprint: --out FILE is required/);
  const { dir, cleanup } = tempDir('tunegrad-fingerprint-');
  try {
    const a = writeFile(dir, 'a.json', JSON.stringify({ 'synthetic/cnn/results.json': 'aa', 'synthetic/cnn/run-0.ckpt': 'bb' }));
    const same = run('--compare', a, writeFile(dir, 'b.json', JSON.stringify({ 'synthetic/cnn/run-0.ckpt': 'bb', 'synthetic/cnn/results.json': 'aa' })));
    assert.is(same.status, 0);
    assert.match(same.stdout, /2 of 2 files identical/);
    const other = run('--compare', a, writeFile(dir, 'c.json', JSON.stringify({ 'synthetic/cnn/results.json': 'ab' })));
    assert.is(other.status, 1);
    assert.match(other.stdout, /DIFFERS {2}synthetic\/cnn\/results\.json/);
    assert.match(other.stdout, /DIFFERS {2}synthetic\/cnn\/run-0\.ckpt/);
    assert.match(other.stdout, /0 of 2 files identical/);
  } finally {
    cleanup();
  }
});

test.run();

/** `node bench/dsp.js` as a user runs it: help and clear errors (the timing itself runs in bench, not in tests). */
import { spawnSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { projectRoot } from '../util/skip.js';

const test = suite('bench/dsp.js');
const run = (...args: string[]) => spawnSync(process.execPath, ['bench/dsp.js', ...args], { cwd: projectRoot, encoding: 'utf8' });

test('--help documents every flag; a bad value or an unknown flag fails naming it', () => {
  const help = run('--help');
  assert.is(help.status, 0);
  for (const flag of ['--clip', '--repeats', '--python', '--no-librosa']) assert.ok(help.stdout.includes(flag), `--help mentions ${flag}`);
  const bad = run('--repeats', '0');
  assert.is(bad.status, 1);
  assert.is(bad.stderr.trim(), "dsp: --repeats must be a positive integer, got '0'");
  const unknown = run('--fast');
  assert.is(unknown.status, 1);
  assert.match(unknown.stderr.trim(), /^dsp: Unknown option '--fast'[^]*\(see node bench\/dsp\.js --help\)$/);
});

test.run();

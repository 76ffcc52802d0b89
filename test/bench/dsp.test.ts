/**
 * `node bench/dsp.js` as a user runs it: --help and clear errors, then a short fixture clip with one
 * timed run and no librosa column (every per-feature row, the one-STFT rows and the workers row).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fixtureDir } from '../dsp/helpers.js';
import { projectRoot } from '../util/skip.js';

const test = suite('bench/dsp.js');
const run = (...args: string[]) => spawnSync(process.execPath, ['bench/dsp.js', ...args], { cwd: projectRoot, encoding: 'utf8' });

test('--help documents every flag; a bad value or an unknown flag fails naming it', () => {
  const help = run('--help');
  assert.is(help.status, 0);
  for (const flag of ['--clip', '--repeats', '--python', '--no-librosa', '--folder', '--no-folder']) assert.ok(help.stdout.includes(flag), `--help mentions ${flag}`);
  const bad = run('--repeats', '0');
  assert.is(bad.status, 1);
  assert.is(bad.stderr.trim(), "dsp: --repeats must be a positive integer, got '0'");
  const unknown = run('--fast');
  assert.is(unknown.status, 1);
  assert.match(unknown.stderr.trim(), /^dsp: Unknown option '--fast'[^]*\(see node bench\/dsp\.js --help\)$/);
});

test('a short clip: every per-feature row, the one-STFT row, clips per second for a folder', () => {
  const clip = join(fixtureDir, 'audio', 'tones_int16.wav');
  const bench = run('--clip', clip, '--repeats', '1', '--no-librosa', '--folder', join(fixtureDir, 'audio'));
  assert.is(bench.status, 0, bench.stderr);
  for (const row of ['stft_mag', 'melspectrogram', 'mfcc13', 'mfcc20', 'spectral_centroid', 'chroma_stft', 'spectral_contrast', 'zero_crossing_rate', 'rms', 'spectral_bandwidth', 'spectral_rolloff', 'spectral_flatness', 'onset_strength', 'tempogram', 'tempo_frames', 'tempogram_ratio', 'features40', 'all', 'features40 vs 1 STFT']) {
    assert.match(bench.stdout, new RegExp(`^${row}\\s+\\d+\\.\\d\\d$`, 'm'), `row ${row}`);
  }
  assert.match(bench.stdout, /^tunegrad\s+\d+\.\d\d clips\/s {2}\(6 clips in \d+\.\d\d s, \d+ worker threads, every feature group\)$/m);
});

test.run();

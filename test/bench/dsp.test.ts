/**
 * The DSP benchmark, `node bench/dsp.js`, run as a user would on a short fixture clip with one timed
 * run and no librosa column: --help, every per-feature row, the one-STFT rows and the workers row.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fixtureDir } from '../dsp/helpers.js';
import { projectRoot } from '../util/skip.js';

const s = suite('dsp benchmark command (bench/dsp.js)');
const script = join(projectRoot, 'bench', 'dsp.js');
const built = existsSync(join(projectRoot, 'dist', 'index.js'));
if (!built) console.log('\n  skip: dist/index.js not built (npx tsc -p tsconfig.json); bench/dsp.js tests are skipped');

if (built) {
  s('--help exits 0 with the usage', () => {
    const bench = spawnSync(process.execPath, [script, '--help'], { encoding: 'utf8' });
    assert.is(bench.status, 0);
    assert.match(bench.stdout, /usage: node bench\/dsp\.js/);
  });

  s('a short clip: every per-feature row, the one-STFT row, clips per second for a folder; bad options exit 1', () => {
    const clip = join(fixtureDir, 'audio', 'tones_int16.wav');
    const bench = spawnSync(process.execPath, [script, '--clip', clip, '--repeats', '1', '--no-librosa', '--folder', join(fixtureDir, 'audio')], { encoding: 'utf8' });
    assert.is(bench.status, 0, bench.stderr);
    for (const row of ['stft_mag', 'melspectrogram', 'mfcc13', 'mfcc20', 'spectral_centroid', 'chroma_stft', 'spectral_contrast', 'zero_crossing_rate', 'rms', 'features40', 'all', 'features40 vs 1 STFT']) {
      assert.match(bench.stdout, new RegExp(`^${row}\\s+\\d+\\.\\d\\d$`, 'm'), `row ${row}`);
    }
    assert.match(bench.stdout, /^tunegrad\s+\d+\.\d\d clips\/s {2}\(5 clips in \d+\.\d\d s, \d+ worker threads, every feature group\)$/m);
    const bad = spawnSync(process.execPath, [script, '--repeats', '0'], { encoding: 'utf8' });
    assert.is(bad.status, 1);
    assert.match(bad.stderr, /--repeats must be a positive integer/);
  });
}

s.run();

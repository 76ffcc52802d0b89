/**
 * The features command, `node bench/features.js FILE [--json]`, run as a user would (it imports the
 * built package, so `npx tsc -p tsconfig.json` must have run; `npm test` does). Malformed files give
 * exit code 1 and exactly one stderr line naming the file; a file with a sloppy header decodes with a
 * warning line on stderr and clean JSON on stdout; a good file gives librosa_ref.py's JSON schema
 * with the same numbers as the library.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { allFeatures, decodeAudio, readAudioFile, type AudioDecodeError } from '../../src/dsp/index.js';
import { expectClose } from '../util/close.js';
import { projectRoot } from '../util/skip.js';
import { malformedCorpus, sloppyCorpus } from '../dsp/corpus.js';
import { EXACT, fixtureDir } from '../dsp/helpers.js';

const s = suite('dsp features command (bench/features.js)');
const script = join(projectRoot, 'bench', 'features.js');
const built = existsSync(join(projectRoot, 'dist', 'index.js'));
if (!built) console.log('\n  skip: dist/index.js not built (npx tsc -p tsconfig.json); features command tests are skipped');

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: projectRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

if (built) {
  s('malformed files: exit code 1, one stderr line naming the file, nothing on stdout', async () => {
    // One file per distinct reason (decode.test.ts runs the whole corpus in-process; the command
    // reports every AudioDecodeError the same way).
    const seen = new Set<string>();
    const picked = malformedCorpus().filter(([name, bytes]) => {
      let reason = '';
      try {
        decodeAudio(bytes, name);
      } catch (err) {
        reason = (err as AudioDecodeError).reason.replace(/"[^"]*"|\d+/g, '#');
      }
      if (seen.has(reason) || seen.size >= 24) return false;
      seen.add(reason);
      return true;
    });
    const dir = mkdtempSync(join(tmpdir(), 'tunegrad-corpus-'));
    try {
      const paths = picked.map(([name, bytes]) => {
        const path = join(dir, name);
        writeFileSync(path, bytes);
        return path;
      });
      paths.push(join(dir, 'does-not-exist.wav'), dir);
      for (let i = 0; i < paths.length; i += 4) {
        const results = await Promise.all(paths.slice(i, i + 4).map((p) => run([p, '--json'])));
        results.forEach((r, j) => {
          const path = paths[i + j];
          assert.is(r.code, 1, `${path}: exit code`);
          assert.is(r.stdout, '', `${path}: stdout`);
          const lines = r.stderr.trimEnd().split('\n');
          assert.is(lines.length, 1, `${path}: stderr has ${lines.length} lines: ${r.stderr}`);
          assert.ok(lines[0].includes(path), `${path}: message does not name the file: ${lines[0]}`);
        });
      }
      assert.is(paths.length, 26);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  s('--json: oracle schema, frame-major, same numbers as allFeatures', async () => {
    const file = join(fixtureDir, 'audio', 'notes16.au');
    const r = await run([file, '--json']);
    assert.is(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { meta: Record<string, unknown>; features: Record<string, number[][]> };
    const { samples } = readAudioFile(file);
    const ours = allFeatures(samples);
    assert.is(doc.meta.n_frames, ours.nFrames);
    assert.is(doc.meta.chroma_tuning_estimate, ours.tuning);
    assert.is(doc.meta.sr, 22050);
    for (const name of ['mfcc13', 'mfcc20', 'spectral_centroid', 'chroma_stft', 'spectral_contrast', 'zero_crossing_rate', 'rms', 'melspectrogram_db', 'stft_mag', 'melspectrogram', 'features40']) {
      const m = (ours.features as unknown as Record<string, { nFrames: number; width: number; data: Float32Array }>)[name];
      assert.ok(doc.features[name], `missing ${name}`);
      assert.is(doc.features[name].length, m.nFrames, `${name} frames`);
      assert.is(doc.features[name][0].length, m.width, `${name} width`);
      expectClose(name, m.data, Float32Array.from(doc.features[name].flat()), EXACT);
    }
  });

  s('summary without --json; usage errors exit 2; --help exits 0', async () => {
    const summary = await run([join(fixtureDir, 'audio', 'tones_int16.wav')]);
    assert.is(summary.code, 0);
    assert.match(summary.stdout, /173 frames, chroma tuning estimate 0\.33/);
    assert.match(summary.stdout, /mfcc20\s+\[173, 20\]/);
    assert.is((await run([])).code, 2);
    assert.is((await run(['a.wav', 'b.wav'])).code, 2);
    const help = await run(['--help']);
    assert.is(help.code, 0);
    assert.match(help.stdout, /usage: node bench\/features\.js FILE \[--json\]/);
  });

  s('a sloppy header: exit 0, JSON on stdout, the decoder warning on stderr naming the file', async () => {
    const [name, bytes] = sloppyCorpus().find(([n]) => n === 'riff-size-zero.wav')!;
    const dir = mkdtempSync(join(tmpdir(), 'tunegrad-sloppy-'));
    try {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      const r = await run([path, '--json']);
      assert.is(r.code, 0, r.stderr);
      assert.is(JSON.parse(r.stdout).meta.n_samples, 600);
      assert.is(r.stderr, `features: ${path}: warning: RIFF header declares 8 bytes but the file has 1244; read the chunks to the end of the file\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

s.run();

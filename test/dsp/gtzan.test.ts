/**
 * Real GTZAN audio in ../shared/gtzan (30 full WAV clips, the 3 original .au files, 400 excerpts)
 * against librosa 0.11, when that folder exists. librosa's values are computed at test time by
 * test/fixtures/dsp/librosa_features.py (with ../oracle-venv's Python, $TUNEGRAD_PYTHON, or a
 * python3 that imports librosa) and cached under .cache/dsp-librosa (git-ignored); nothing derived
 * from GTZAN is ever committed. Checks per clip: the decoded samples are bit-identical to
 * librosa.load's (sha256 of the float32 bytes), the chroma tuning estimate and the tempo are
 * identical, and every feature (spectral shape and rhythm included) is within rtol 1e-4 +
 * 1e-5 * max|ref| (the rolloff: or one FFT bin off on at most 0.1 % of a clip's frames,
 * `expectRolloff`). The worst error per feature is printed.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { allFeatures, readAudioFile, type FrameMatrix } from '../../src/dsp/index.js';
import { projectRoot, sharedGtzan } from '../util/skip.js';
import { expectFeature, expectRolloff, fixtureDir, type FeatureError } from './helpers.js';

const s = suite('dsp vs librosa on real GTZAN audio');
const gtzan = sharedGtzan();
const oracleScript = join(fixtureDir, 'librosa_features.py');
const cacheRoot = join(projectRoot, '.cache', 'dsp-librosa');
/** References are kept per version of the oracle script; older versions' folders are removed. */
const scriptHash = createHash('sha1').update(readFileSync(oracleScript)).digest('hex').slice(0, 16);
const cacheDir = join(cacheRoot, scriptHash);

interface RefMeta {
  file: string;
  n_samples: number;
  samples_sha256: string;
  tuning: number;
  tempo: number;
  shapes: [string, number, number][];
}

/** Cache key of a clip's reference: the file's path, size and mtime. */
function cacheKey(file: string): string {
  const st = statSync(file);
  return createHash('sha1').update(`${file}\0${st.size}\0${st.mtimeMs}`).digest('hex');
}

/** A Python that imports librosa, or null. */
function findPython(): string | null {
  const candidates = [process.env.TUNEGRAD_PYTHON, join(projectRoot, '..', 'oracle-venv', 'bin', 'python'), 'python3'].filter((p): p is string => !!p);
  for (const py of candidates) {
    if (py.includes('/') && !existsSync(py)) continue;
    const probe = spawnSync(py, ['-c', 'import librosa'], { encoding: 'utf8' });
    if (probe.status === 0) return py;
  }
  return null;
}

/** Make sure every file has a cached reference; returns false (after saying why) when impossible. */
function ensureReferences(files: string[]): boolean {
  mkdirSync(cacheDir, { recursive: true });
  for (const old of readdirSync(cacheRoot)) if (old !== scriptHash) rmSync(join(cacheRoot, old), { recursive: true, force: true });
  const missing = files.filter((f) => !existsSync(join(cacheDir, `${cacheKey(f)}.json`)));
  if (missing.length === 0) return true;
  const python = findPython();
  if (!python) {
    console.log(`\n  skip: no Python with librosa (../oracle-venv, $TUNEGRAD_PYTHON or python3) to compute ${missing.length} GTZAN references`);
    return false;
  }
  const tmp = mkdtempSync(join(cacheDir, 'tmp-'));
  try {
    const run = spawnSync(python, [oracleScript, '--out-dir', tmp, ...missing], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (run.status !== 0) throw new Error(`librosa_features.py failed (${run.status}): ${run.stderr.slice(-2000)}`);
    missing.forEach((f, i) => {
      const key = cacheKey(f);
      renameSync(join(tmp, `${i}.f32`), join(cacheDir, `${key}.f32`));
      renameSync(join(tmp, `${i}.json`), join(cacheDir, `${key}.json`));
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return true;
}

function loadReference(file: string): { meta: RefMeta; features: Record<string, Float32Array> } {
  const key = cacheKey(file);
  const meta = JSON.parse(readFileSync(join(cacheDir, `${key}.json`), 'utf8')) as RefMeta;
  const raw = readFileSync(join(cacheDir, `${key}.f32`));
  const all = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const features: Record<string, Float32Array> = {};
  let at = 0;
  for (const [name, t, k] of meta.shapes) {
    features[name] = all.subarray(at, at + t * k);
    at += t * k;
  }
  return { meta, features };
}

function listFiles(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => join(dir, f));
}

/** Worst error per feature over every clip compared, for the summary. */
const worst = new Map<string, FeatureError & { clip: string }>();
/** Frames whose rolloff is one bin from librosa's (see `expectRolloff`), over every clip. */
let rolloffFlips = 0;

/** Compare every clip in `files`; all failures are collected and reported together. */
function compareClips(files: string[]): void {
  const failures: string[] = [];
  for (const file of files) {
    const clip = relative(gtzan!, file);
    try {
      const { meta, features: ref } = loadReference(file);
      const { samples } = readAudioFile(file);
      assert.is(samples.length, meta.n_samples, `${clip}: decoded length`);
      const sha = createHash('sha256').update(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength)).digest('hex');
      assert.is(sha, meta.samples_sha256, `${clip}: decoded samples differ from librosa.load`);
      const ours = allFeatures(samples);
      assert.is(ours.tuning, meta.tuning, `${clip}: tuning estimate`);
      assert.is(ours.tempo, meta.tempo, `${clip}: tempo estimate`);
      const byName = ours.features as unknown as Record<string, FrameMatrix>;
      for (const [name, , width] of meta.shapes) {
        if (name === 'spectral_rolloff') {
          rolloffFlips += expectRolloff(`${clip} ${name}`, byName[name], ref[name]);
          continue;
        }
        // The ratio reads a tempogram normalised to 1 in every frame: errors are held to that scale.
        const scale = name === 'tempogram_ratio' ? { scale: 1 } : {};
        const err = expectFeature(`${clip} ${name}`, byName[name], ref[name], width, scale);
        const prev = worst.get(name);
        if (!prev || err.worstRatio > prev.worstRatio) worst.set(name, { ...err, clip, maxAbsError: Math.max(err.maxAbsError, prev?.maxAbsError ?? 0) });
        else prev.maxAbsError = Math.max(prev.maxAbsError, err.maxAbsError);
      }
    } catch (err) {
      failures.push((err as Error).message.split('\n')[0]);
    }
  }
  if (failures.length > 0) throw new Error(`${failures.length} of ${files.length} clips differ from librosa:\n  ${failures.join('\n  ')}`);
}

const wavClips = gtzan ? listFiles(join(gtzan, 'genres'), '.wav') : [];
const auClips = gtzan ? listFiles(join(gtzan, 'au'), '.au') : [];
const excerpts = gtzan ? listFiles(join(gtzan, 'excerpts'), '.wav') : [];
const ready = gtzan !== null && ensureReferences([...wavClips, ...auClips, ...excerpts]);

if (ready) {
  s(`${wavClips.length} full WAV clips: samples, tuning and every feature match librosa`, () => {
    assert.ok(wavClips.length > 0, 'no clips under genres/');
    compareClips(wavClips);
  });
  s(`${auClips.length} original .au clips: samples, tuning and every feature match librosa`, () => {
    assert.ok(auClips.length > 0, 'no clips under au/');
    compareClips(auClips);
  });
  s(`${excerpts.length} excerpts: samples, tuning and every feature match librosa`, () => {
    compareClips(excerpts);
  });
  s('summary: worst error per feature', () => {
    console.log(`\n  worst error per feature over ${wavClips.length + auClips.length + excerpts.length} GTZAN files (bound: 1e-5 max|ref| + 1e-4 |ref|):`);
    for (const [name, e] of worst) {
      console.log(`    ${name.padEnd(21)} max abs error ${e.maxAbsError.toExponential(2)}; worst ratio to bound ${e.worstRatio.toFixed(3)} (${e.clip}, max|ref| ${e.maxRef.toExponential(2)})`);
    }
    console.log(`    spectral_rolloff      ${rolloffFlips} frames one FFT bin from librosa's, every other frame within the bound`);
  });
}

s.run();

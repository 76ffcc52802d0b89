#!/usr/bin/env node
// DSP benchmark: median ms per feature and for the 40-value frame matrix on one 30-s clip, beside
// librosa 0.11's time on the same clip when a Python with librosa is available, and clips per second
// for a folder with every core (worker threads beside librosa + joblib).
//   node bench/dsp.js [--clip FILE] [--repeats N] [--python PATH] [--no-librosa] [--folder DIR | --no-folder]
// Needs the built package: npx tsc -p tsconfig.json
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CommandLine,
  HELP_OPTION,
  allFeatures,
  chromaStft,
  extractFeatures,
  frameFeatures,
  localTempo,
  melSpectrogram,
  mfcc,
  onsetStrength,
  powerToDb,
  readAudioFile,
  rms,
  spectralBandwidth,
  spectralCentroid,
  spectralContrast,
  spectralFlatness,
  spectralRolloff,
  stft,
  tempogram,
  tempogramRatio,
  zeroCrossingRate,
} from '../dist/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_CLIP = join(root, '..', 'shared', 'gtzan', 'genres', 'rock', 'rock.00001.wav');
const DEFAULT_FOLDER = join(root, '..', 'shared', 'gtzan', 'genres');
const ORACLE = join(root, 'test', 'fixtures', 'dsp', 'librosa_features.py');

const USAGE = `usage: node bench/dsp.js [--clip FILE] [--repeats N] [--python PATH] [--no-librosa] [--folder DIR | --no-folder]

Times each feature on one clip (default ../shared/gtzan/genres/rock/rock.00001.wav, else a
synthetic 30-s signal), median of N runs after warm-up. Per-feature rows start from the signal and
include their own STFT, as one librosa call does; "features40" is frameFeatures (one STFT for the
20 MFCC + centroid + 12 chroma + 7 contrast), "all" is allFeatures. librosa runs on the same clip
through test/fixtures/dsp/librosa_features.py --time, single-threaded (OPENBLAS/OMP/MKL threads 1);
its "features40" makes four calls (four STFTs), "features40_one_stft" derives the same 40 rows from
one STFT (S= arguments), the honest anchor for tunegrad's features40.
Then clips per second for a folder (default ../shared/gtzan/genres): decoding and every feature group
of every clip, one worker thread per core, beside librosa.load + features40_one_stft under joblib
with one process per core.

  --clip FILE     audio file to time (WAV, AIFF or .au)
  --repeats N     timed runs per feature (default 9)
  --python PATH   Python with librosa (default ../oracle-venv/bin/python, then python3)
  --no-librosa    skip the librosa column
  --folder DIR    folder of audio files for the clips-per-second row
  --no-folder     skip the clips-per-second row
  --help          show this help`;

const cli = new CommandLine('dsp', USAGE);

function parseArgs(argv) {
  const { values } = cli.parse({ clip: { type: 'string' }, repeats: { type: 'string', default: '9' }, python: { type: 'string' }, 'no-librosa': { type: 'boolean', default: false }, folder: { type: 'string' }, 'no-folder': { type: 'boolean', default: false }, ...HELP_OPTION }, false, argv);
  return { clip: values.clip ?? null, repeats: cli.positiveInt('repeats', values.repeats), python: values.python ?? null, librosa: !values['no-librosa'], folder: values['no-folder'] ? null : values.folder };
}

/** A 30-s 16-bit mono WAV of tones, a chirp and noise, for machines without GTZAN. */
function writeSyntheticClip(path) {
  const sr = 22050;
  const n = 30 * sr;
  const bytes = Buffer.alloc(44 + 2 * n);
  bytes.write('RIFF', 0);
  bytes.writeUInt32LE(36 + 2 * n, 4);
  bytes.write('WAVEfmt ', 8);
  bytes.writeUInt32LE(16, 16);
  bytes.writeUInt16LE(1, 20);
  bytes.writeUInt16LE(1, 22);
  bytes.writeUInt32LE(sr, 24);
  bytes.writeUInt32LE(2 * sr, 28);
  bytes.writeUInt16LE(2, 32);
  bytes.writeUInt16LE(16, 34);
  bytes.write('data', 36);
  bytes.writeUInt32LE(2 * n, 40);
  let seed = 1;
  for (let i = 0; i < n; i++) {
    const t = i / sr;
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const x = 0.3 * Math.sin(2 * Math.PI * 220 * t) + 0.2 * Math.sin(2 * Math.PI * 659.3 * t) + 0.1 * Math.sin(2 * Math.PI * (300 * t + 45 * t * t)) + 0.05 * (seed / 2 ** 32 - 0.5);
    bytes.writeInt16LE(Math.round(x * 32767), 44 + 2 * i);
  }
  writeFileSync(path, bytes);
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function timeIt(fn, repeats) {
  fn();
  fn();
  const runs = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    fn();
    runs.push(performance.now() - t0);
  }
  return median(runs);
}

function findPython(explicit) {
  const candidates = explicit ? [explicit] : [join(root, '..', 'oracle-venv', 'bin', 'python'), 'python3'];
  for (const py of candidates) {
    if (py.includes('/') && !existsSync(py)) continue;
    if (spawnSync(py, ['-c', 'import librosa'], { encoding: 'utf8' }).status === 0) return py;
  }
  return null;
}

/** Run librosa_features.py with single-threaded numeric libraries; its last stdout line is JSON. */
function runOracle(python, args) {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', NUMBA_NUM_THREADS: '1' };
  const run = spawnSync(python, [ORACLE, ...args], { encoding: 'utf8', env });
  if (run.status !== 0) throw new Error(`librosa timing failed: ${run.stderr.trim().split('\n').pop()}`);
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

/** The onset envelope from y, with its own STFT and mel spectrogram, as librosa.onset.onset_strength(y=y) computes it. */
function onsetOf(y, sr) {
  return onsetStrength(powerToDb(melSpectrogram(stft(y, { sr }))));
}

/** Audio files directly or indirectly under `dir`. */
function audioFiles(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return audioFiles(path);
      return /\.(wav|au|aiff?|aifc)$/i.test(name) ? [path] : [];
    });
}

/** Clips per second over `folder` with one worker thread per core, and librosa + joblib beside it. */
async function throughput(folder, python) {
  const files = audioFiles(folder);
  if (files.length === 0) throw new Error(`--folder ${folder}: no audio files`);
  const workers = availableParallelism();
  const ours = await extractFeatures(files.map((path) => ({ path })), { cacheDir: null, workers });
  const theirs = python ? runOracle(python, ['--clips-per-second', folder, '--jobs', String(workers)]) : null;
  const line = (name, clips, seconds, how) => console.log(`${name.padEnd(20)} ${(clips / seconds).toFixed(2).padStart(12)} clips/s  (${clips} clips in ${seconds.toFixed(2)} s, ${how})`);
  console.log(`\nclips per second, ${folder}, ${workers} core(s):`);
  line('tunegrad', files.length - ours.skipped.length, ours.stats.seconds, `${ours.stats.workers} worker threads, every feature group`);
  if (theirs) line('librosa + joblib', theirs.clips, theirs.seconds, `${theirs.jobs} processes, load + features40_one_stft`);
}

async function main(argv) {
  const opts = parseArgs(argv);
  let clip = opts.clip ?? (existsSync(DEFAULT_CLIP) ? DEFAULT_CLIP : null);
  let tmp = null;
  if (!clip) {
    tmp = mkdtempSync(join(tmpdir(), 'tunegrad-bench-'));
    clip = join(tmp, 'synthetic-30s.wav');
    writeSyntheticClip(clip);
  }
  try {
    const { samples: y, sampleRate: sr } = readAudioFile(clip);
    const jobs = {
      stft_mag: () => stft(y, { sr }),
      melspectrogram: () => melSpectrogram(stft(y, { sr })),
      mfcc13: () => mfcc(powerToDb(melSpectrogram(stft(y, { sr }))), { nMfcc: 13 }),
      mfcc20: () => mfcc(powerToDb(melSpectrogram(stft(y, { sr }))), { nMfcc: 20 }),
      spectral_centroid: () => spectralCentroid(stft(y, { sr })),
      chroma_stft: () => chromaStft(stft(y, { sr })),
      spectral_contrast: () => spectralContrast(stft(y, { sr })),
      zero_crossing_rate: () => zeroCrossingRate(y),
      rms: () => rms(y),
      spectral_bandwidth: () => spectralBandwidth(stft(y, { sr })),
      spectral_rolloff: () => spectralRolloff(stft(y, { sr })),
      spectral_flatness: () => spectralFlatness(stft(y, { sr })),
      onset_strength: () => onsetOf(y, sr),
      tempogram: () => tempogram(onsetOf(y, sr)),
      tempo_frames: () => localTempo(onsetOf(y, sr), { sr }),
      tempogram_ratio: () => tempogramRatio(onsetOf(y, sr), { sr }),
      features40: () => frameFeatures(y, { sr }),
      all: () => allFeatures(y, { sr }),
    };
    console.log(`clip: ${clip} (${(y.length / sr).toFixed(2)} s), median of ${opts.repeats} runs, node ${process.version}`);
    const ours = {};
    for (const [name, fn] of Object.entries(jobs)) ours[name] = timeIt(fn, opts.repeats);

    let ref = null;
    const python = opts.librosa ? findPython(opts.python) : null;
    if (opts.librosa) {
      if (python) ref = runOracle(python, ['--time', clip, '--repeats', String(opts.repeats)]);
      else console.log('librosa: no Python with librosa found (../oracle-venv, python3); pass --python or --no-librosa');
    }
    console.log(`\n${'feature'.padEnd(20)} ${'tunegrad ms'.padStart(12)}${ref ? `${`librosa ${ref.librosa} ms`.padStart(20)}${'ratio'.padStart(8)}` : ''}`);
    const row = (name, ms, theirs) => {
      const cols = theirs === undefined ? '' : `${theirs.toFixed(2).padStart(20)}${(ms / theirs).toFixed(3).padStart(8)}`;
      console.log(`${name.padEnd(20)} ${ms.toFixed(2).padStart(12)}${cols}`);
    };
    for (const [name, ms] of Object.entries(ours)) row(name, ms, ref?.ms[name]);
    row('features40 vs 1 STFT', ours.features40, ref?.ms.features40_one_stft);
    console.log('\nfeatures40: tunegrad frameFeatures (one STFT) vs librosa mfcc20 + centroid + chroma + contrast (one STFT each)');
    console.log('features40 vs 1 STFT: the same tunegrad time vs librosa deriving the 40 rows from one STFT (S= arguments)');
    console.log('all: tunegrad allFeatures (one STFT) vs every librosa call above');
    console.log('targets: every per-feature row <= 1.0, features40 vs 1 STFT <= 0.5');
    const folder = opts.folder === undefined ? (existsSync(DEFAULT_FOLDER) ? DEFAULT_FOLDER : null) : opts.folder;
    if (folder) await throughput(folder, python);
    return 0;
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  cli.fail(err.message);
}

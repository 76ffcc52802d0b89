/**
 * Shared pieces of the DSP tests: fixture loading and the one tolerance rule every feature is held
 * to against librosa, `|a - r| <= atolFrac * max|r| + rtol * |r|` (atolFrac 1e-5, rtol 1e-4), i.e.
 * `../shared/oracle/compare.py`'s rule, a few times above the float32 floor in LIBROSA_DEFAULTS.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAudioFile, type FrameMatrix } from '../../src/dsp/index.js';
import { compareClose, expectClose } from '../util/close.js';
import { projectRoot } from '../util/skip.js';

export const fixtureDir = join(projectRoot, 'test', 'fixtures', 'dsp');

/** A committed librosa fixture (see test/fixtures/dsp/make_fixtures.py). */
export interface FeatureFixture {
  meta: { librosa: string; file: string; n_samples: number; n_frames: number; chroma_tuning_estimate: number };
  features: Record<string, number[][]>;
  stft_frames: number[];
  stft_mag_rows: number[][];
  resampled_excerpt?: { start: number; values: number[] };
}

export function loadFixture<T = FeatureFixture>(name: string): T {
  return JSON.parse(readFileSync(join(fixtureDir, name), 'utf8')) as T;
}

export const ATOL_FRAC = 1e-5;
export const RTOL = 1e-4;

/** Largest absolute value. */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

/** Worst absolute error and worst ratio to the bound, for reporting. */
export interface FeatureError {
  maxAbsError: number;
  maxRef: number;
  worstRatio: number;
}

/** Options of `expectFeature`. */
export interface FeatureTolerance {
  atolFrac?: number;
  rtol?: number;
  /** max|ref| of the whole feature when `expected` is only part of it (e.g. a few STFT frames). */
  scale?: number;
}

/**
 * Check a `[T, k]` feature against librosa's frame-major reference (flat or nested) with the
 * tolerance rule above; returns the errors for reporting. (An all-zero reference gets `EXACT`'s
 * positive floor so that exact zeros pass.)
 */
export function expectFeature(label: string, actual: FrameMatrix, expected: number[][] | Float32Array, width = actual.width, { atolFrac = ATOL_FRAC, rtol = RTOL, scale }: FeatureTolerance = {}): FeatureError {
  const flat = expected instanceof Float32Array ? expected : Float64Array.from(expected.flat());
  if (actual.width !== width || actual.data.length !== flat.length) {
    throw new Error(`${label}: shape [${actual.nFrames}, ${actual.width}] != expected [${flat.length / width}, ${width}]`);
  }
  const maxRef = scale ?? maxAbs(flat);
  const tol = { atol: Math.max(atolFrac * maxRef, Number.MIN_VALUE), rtol };
  expectClose(label, actual.data, flat, tol);
  const { maxAbsError, worstRatio } = compareClose(actual.data, flat, tol);
  return { maxAbsError, maxRef, worstRatio };
}

/**
 * Exact equality through `expectClose`: its bound `atol + rtol*|e|` must be positive for an exact
 * match to pass, and no two distinct float32 values are closer than the smallest double.
 */
export const EXACT = { atol: Number.MIN_VALUE, rtol: 0 };

/** One signal of `rhythm.json`: librosa's spectral shape, rhythm and 40-band mel features of it, frame-major. */
export interface RhythmReference {
  tempo: number;
  features: Record<'spectral_bandwidth' | 'spectral_rolloff' | 'spectral_flatness' | 'onset_strength' | 'tempo_frames' | 'tempogram_ratio' | 'melspectrogram40_db', number[][]>;
  /** The tempogram `[T, 384]` at these frames (every 4th). */
  tempogram_frames: number[];
  tempogram_rows: number[][];
}

/**
 * Every signal of `rhythm.json` (the drum loop and tones_int16 decoded by tunegrad, then the tiny
 * edge cases given as samples) with its librosa reference.
 */
export function rhythmSignals(): { name: string; y: Float32Array; ref: RhythmReference }[] {
  type Clip = RhythmReference & { file: string; n_samples: number };
  const fx = loadFixture<{ clips: Record<string, Clip>; cases: Record<string, RhythmReference & { signal: number[] }> }>('rhythm.json');
  const clips = Object.entries(fx.clips).map(([name, ref]) => {
    const { samples } = readAudioFile(join(fixtureDir, ref.file));
    if (samples.length !== ref.n_samples) throw new Error(`${name}: decoded ${samples.length} samples, librosa ${ref.n_samples}`);
    return { name, y: samples, ref };
  });
  const cases = Object.entries(fx.cases).map(([name, ref]) => ({ name, y: Float32Array.from(ref.signal), ref }));
  return [...clips, ...cases];
}

/**
 * Spectral rolloff against librosa: every frame within the feature tolerance, except that a frame
 * may sit one FFT bin (`binHz`) away. The rolloff is a bin picked where a float32 running sum crosses
 * a threshold, and librosa's complex64 STFT puts a magnitude one float32 step from tunegrad's often
 * enough that a frame whose sum crosses within that step flips bins (2 of ~43,000 frames of real
 * GTZAN audio). At most `max(1, 0.1 %)` of the frames may flip. Returns how many did.
 */
export function expectRolloff(label: string, actual: FrameMatrix, expected: number[][] | Float32Array, binHz = 22050 / 2048): number {
  const flat = expected instanceof Float32Array ? expected : Float32Array.from(expected.flat());
  if (actual.width !== 1 || actual.data.length !== flat.length) throw new Error(`${label}: shape [${actual.nFrames}, ${actual.width}] != expected [${flat.length}, 1]`);
  const flipped: number[] = [];
  const kept = Float32Array.from(actual.data, (v, t) => {
    if (Math.abs(Math.abs(v - flat[t]) - binHz) < 1e-2) {
      flipped.push(t);
      return flat[t];
    }
    return v;
  });
  const allowed = Math.max(1, Math.floor(0.001 * flat.length));
  if (flipped.length > allowed) throw new Error(`${label}: ${flipped.length} frames one bin from librosa's (at most ${allowed}): frames ${flipped.slice(0, 10).join(', ')}`);
  expectFeature(label, { nFrames: actual.nFrames, width: 1, data: kept }, flat, 1);
  return flipped.length;
}

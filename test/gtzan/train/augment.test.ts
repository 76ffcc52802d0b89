/**
 * Feature-space augmentation against the DSP it stands in for: a gain applied to the features equals
 * the features of the scaled audio; an interpolated fractional shift is closer to the features of
 * the shifted audio than the unshifted frames are; crops, starts and z-scored gains behave as
 * documented in `augment.ts`.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../../src/autograd/index.js';
import { frameFeatures, readAudioFile, type FrameFeatures, ALL_FEATURE_GROUPS } from '../../../src/dsp/index.js';
import { applyGain, applyStandardizedGain, augmentedStart, cropFrames, gainResponse, NO_AUGMENTATION, standardizedGain } from '../../../src/gtzan/train/augment.js';
import { fitStandardizer, standardize } from '../../../src/gtzan/data/normalize.js';
import { syntheticCorpus } from '../../../src/gtzan/data/synthetic/corpus.js';
import { expectClose } from '../../util/close.js';
import { sharedGtzan } from '../../util/skip.js';

const test = suite('gtzan/train/augment');

const groups = [...ALL_FEATURE_GROUPS];
const clips = syntheticCorpus({ clipsPerClass: 1, seconds: 1 }).clips;
const features = (samples: Float32Array): FrameFeatures => frameFeatures(samples, { groups });

/** The columns of `f` whose names match `pattern`, frame by frame. */
function columns(f: FrameFeatures, pattern: RegExp): number[] {
  const picked = f.names.map((n, i) => (pattern.test(n) ? i : -1)).filter((i) => i >= 0);
  const out: number[] = [];
  for (let t = 0; t < f.nFrames; t++) for (const c of picked) out.push(f.data[t * f.nFeatures + c]);
  return out;
}

test('a gain on the features equals the features of the scaled audio (MFCC 0 and mel bands shift, rms/amplitude scale, the rest, rhythm and spectral shape included, stays)', () => {
  for (const clip of [clips[0], clips[6]]) {
    const original = features(clip.samples);
    const response = gainResponse(original.names);
    for (const gainDb of [-6, 4.6]) {
      const g = 10 ** (gainDb / 20);
      const truth = features(clip.samples.map((v) => v * g));
      const predicted = { ...original, data: original.data.slice() };
      applyGain(predicted.data, response, gainDb);
      const label = `${clip.name} at ${gainDb} dB`;
      expectClose(`${label}: MFCC (dB)`, columns(predicted, /^mfcc_/), columns(truth, /^mfcc_/), { atol: 2e-3 });
      expectClose(`${label}: mel bands (dB)`, columns(predicted, /^mel_/), columns(truth, /^mel_/), { atol: 2e-3 });
      expectClose(`${label}: contrast (dB)`, columns(predicted, /^contrast_/), columns(truth, /^contrast_/), { atol: 2e-2 });
      const unchanged = [/^spectral_bandwidth$/, /^spectral_rolloff$/, /^spectral_flatness$/, /^onset_strength$/, /^tempo$/, /^tempogram_ratio_/];
      for (const pattern of [/^spectral_centroid$/, /^chroma_/, /^zero_crossing_rate$/, /^rms$/, /^amplitude_/, ...unchanged]) {
        expectClose(`${label}: ${pattern}`, columns(predicted, pattern), columns(truth, pattern), { rtol: 1e-4, atol: 1e-6 });
      }
      assert.ok(Math.abs(columns(truth, /^mfcc_0$/)[0] - columns(original, /^mfcc_0$/)[0]) > 10, 'the gain does move MFCC 0');
    }
  }
});

test('the gain in z-scored units equals z-scoring the gained raw frames', () => {
  const raws = clips.slice(0, 4).map((c) => features(c.samples));
  const standardizer = fitStandardizer(raws);
  const response = gainResponse(raws[0].names);
  const raw = raws[2];
  const gained = { ...raw, data: raw.data.slice() };
  applyGain(gained.data, response, -3.5);
  const z = standardize(raw, standardizer).data;
  const { scale, shift } = standardizedGain(response, standardizer, -3.5);
  applyStandardizedGain(z, scale, shift);
  expectClose('z-scored gain', z, standardize(gained, standardizer).data, { rtol: 1e-4, atol: 1e-4 });
});

test('a fractional shift by interpolation is closer to the shifted audio than either neighbouring frame', () => {
  const excerpts = sharedGtzan('excerpts');
  const signals = [clips[3].samples, clips[8].samples, ...(excerpts ? [readAudioFile(`${excerpts}/rock/rock.00003.wav`).samples] : [])];
  for (const samples of signals) {
    const original = features(samples);
    const F = original.nFeatures;
    const scale = fitStandardizer([original]).std.map((s) => s + 1e-8);
    for (const alpha of [0.25, 0.5, 0.75]) {
      const truth = features(samples.subarray(alpha * 512));
      const frames = truth.nFrames - 4;
      const interpolated = new Float32Array(frames * F);
      cropFrames(original, 2 + alpha, frames, interpolated, 0);
      const error = (candidate: (t: number, f: number) => number) => {
        let total = 0;
        for (let t = 0; t < frames; t++) for (let f = 0; f < F; f++) total += Math.abs(truth.data[(t + 2) * F + f] - candidate(t, f)) / scale[f];
        return total / (frames * F);
      };
      const viaInterpolation = error((t, f) => interpolated[t * F + f]);
      const before = error((t, f) => original.data[(t + 2) * F + f]);
      const after = error((t, f) => original.data[(t + 3) * F + f]);
      assert.ok(viaInterpolation < Math.min(before, after), `α ${alpha}: interpolation ${viaInterpolation.toFixed(3)} σ, frame t ${before.toFixed(3)} σ, frame t+1 ${after.toFixed(3)} σ`);
    }
  }
});

test('cropFrames: integer starts copy, fractional starts interpolate, short clips pad with zeros, bad starts throw', () => {
  const clip = { nFrames: 4, nFeatures: 2, data: Float32Array.from([0, 10, 1, 11, 2, 12, 3, 13]) };
  const out = new Float32Array(8).fill(-1);
  assert.is(cropFrames(clip, 1, 2, out, 2), 2);
  assert.equal(Array.from(out), [-1, -1, 1, 11, 2, 12, -1, -1]);
  cropFrames(clip, 1.25, 2, out, 0);
  expectClose('interpolated', out.subarray(0, 4), [1.25, 11.25, 2.25, 12.25], { atol: 1e-6 });
  const padded = new Float32Array(12).fill(-1);
  assert.is(cropFrames(clip, 0, 6, padded, 0), 4);
  assert.equal(Array.from(padded), [0, 10, 1, 11, 2, 12, 3, 13, 0, 0, 0, 0]);
  assert.throws(() => cropFrames(clip, 2.5, 2, out, 0), /start 2.5 is outside \[0, 2\]/);
});

test('augmentedStart: stays inside the clip, draws nothing when augmentation is off, and repeats from the same Rng state', () => {
  const rng = new Rng(9);
  const before = rng.state();
  assert.is(augmentedStart(7, 100, 43, NO_AUGMENTATION, rng), 7);
  assert.equal(rng.state(), before);
  const augment = { randomOffsets: true, maxShiftFrames: 2, maxGainDb: 0 };
  const starts = Array.from({ length: 500 }, () => augmentedStart(0, 100, 43, augment, rng));
  assert.ok(starts.every((s) => s >= 0 && s <= 57));
  assert.ok(starts.some((s) => !Number.isInteger(s)), 'shifts are fractional');
  assert.ok(Math.min(...starts) < 5 && Math.max(...starts) > 52, 'offsets cover the clip');
  const fixed = { ...augment, randomOffsets: false };
  const shifted = augmentedStart(30, 100, 43, fixed, Rng.fromState(before));
  assert.is(augmentedStart(30, 100, 43, fixed, Rng.fromState(before)), shifted, 'same Rng state, same start');
  assert.ok(Math.abs(shifted - 30) <= 2 && shifted !== 30);
});

test.run();

/**
 * The resampler against librosa.load's soxr 'HQ' (test/fixtures/dsp/rates.json, resample44k.json,
 * resample_lengths.json) and analytic properties (passband gain, stopband rejection, alignment,
 * length). What "matches" means per feature is measured in docs/dsp.md:
 *  - samples within 2e-7 of librosa's (float32 round-off: soxr computes in float32, tunegrad in float64);
 *  - every feature within the 22050 Hz tolerance on every frame that is not digitally silent, except
 *    spectral-contrast band 6, whose valley is the resampler's stopband noise floor (<= 0.1 dB when
 *    downsampling, up to 4 dB when upsampling, where the band is above the input's Nyquist);
 *  - zero-crossing rate exact on frames clear of digital silence (where librosa's signal holds soxr's
 *    float32 FFT round-off, ~1e-8, and tunegrad's ~1e-17);
 *  - the tuning estimate identical wherever its histogram's winner leads by 2 or more pitches.
 */
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { allFeatures, chromaStft, readAudioFile, resample, stft, type FrameMatrix } from '../../src/dsp/index.js';
import { expectClose } from '../util/close.js';
import { EXACT, expectFeature, fixtureDir, loadFixture, type FeatureFixture } from './helpers.js';

const s = suite('dsp resample');

/** `amplitude * sin(2 pi f t)` sampled at `sr` for `seconds`. */
function sine(f: number, sr: number, seconds: number, amplitude = 0.5): Float32Array {
  return Float32Array.from({ length: Math.round(sr * seconds) }, (_, i) => amplitude * Math.sin((2 * Math.PI * f * i) / sr));
}

/** Columns `[from, to)` of a frame matrix. */
function columns(m: FrameMatrix, from: number, to: number): FrameMatrix {
  const width = to - from;
  const data = new Float32Array(m.nFrames * width);
  for (let t = 0; t < m.nFrames; t++) data.set(m.data.subarray(t * m.width + from, t * m.width + to), t * width);
  return { nFrames: m.nFrames, width, data };
}

/** The rows of a frame matrix (or of a nested reference) where `keep[t]`. */
function rows(m: FrameMatrix, keep: boolean[]): FrameMatrix {
  const picked = keep.flatMap((k, t) => (k ? [t] : []));
  const data = new Float32Array(picked.length * m.width);
  picked.forEach((t, i) => data.set(m.data.subarray(t * m.width, (t + 1) * m.width), i * m.width));
  return { nFrames: picked.length, width: m.width, data };
}

/** A nested frame-major reference as a frame matrix. */
function matrix(ref: number[][]): FrameMatrix {
  return { nFrames: ref.length, width: ref[0].length, data: Float32Array.from(ref.flat()) };
}

s('same rate is a copy; length is ceil(n * target / orig)', () => {
  const y = sine(440, 22050, 0.1);
  const same = resample(y, 22050, 22050);
  assert.equal(Array.from(same), Array.from(y));
  assert.is.not(same, y);
  for (const [n, from] of [[44100, 44100], [44101, 44100], [1000, 48000], [999, 8000], [7, 11025]]) {
    assert.is(resample(new Float32Array(n), from, 22050).length, Math.ceil((n * 22050) / from), `${n} @ ${from}`);
  }
  assert.throws(() => resample(y, 0, 22050), /positive integers/);
  assert.throws(() => resample(y, 44100.5, 22050), /positive integers/);
});

s('passband tones keep amplitude and phase (48k, 44.1k, 16k, 8k -> 22.05k)', () => {
  for (const [from, f] of [[48000, 3000], [44100, 9000], [16000, 5000], [8000, 1234]]) {
    const out = resample(sine(f, from, 0.5), from, 22050);
    const expected = sine(f, 22050, out.length / 22050);
    const mid = (a: Float32Array) => a.subarray(2000, out.length - 2000); // away from the edges
    expectClose(`${f} Hz from ${from}`, mid(out), mid(expected).subarray(0, mid(out).length), { atol: 2e-5, rtol: 0 });
  }
});

s('tones above the target Nyquist are rejected by > 80 dB', () => {
  for (const [from, f] of [[44100, 12000], [48000, 15000], [96000, 30000]]) {
    const out = resample(sine(f, from, 0.5, 1), from, 22050).subarray(1000, -1000);
    let rms = 0;
    for (const v of out) rms += v * v;
    rms = Math.sqrt(rms / out.length);
    assert.ok(rms < 1e-4, `${f} Hz from ${from}: residual rms ${rms}`);
  }
});

/**
 * Contrast within the passband: a band's valley is the mean of its 1-3 smallest magnitudes, often in
 * a spectral null, where float32-level sample differences move it by up to ~0.01 dB (measured 7e-3).
 */
const CONTRAST_TOLERANCE = { atol: 0.01, rtol: 0 };

/** soxr 'HQ' passband end, as a fraction of the lower Nyquist frequency. */
const PASSBAND = 0.9137;

s('44.1 kHz fixture: librosa.load (soxr HQ) to float32 precision, features within the 22050 Hz tolerances', () => {
  const fx = loadFixture<FeatureFixture>('resample44k.json');
  const decoded = readAudioFile(join(fixtureDir, fx.meta.file));
  assert.is(decoded.originalSampleRate, 44100);
  assert.is(decoded.sampleRate, 22050);
  assert.is(decoded.samples.length, fx.meta.n_samples);
  const ex = fx.resampled_excerpt!;
  expectClose('resampled samples', decoded.samples.subarray(ex.start, ex.start + ex.values.length), ex.values, { atol: 1e-6, rtol: 0 });

  const all = allFeatures(decoded.samples);
  const f = fx.features;
  assert.is(all.tuning, fx.meta.chroma_tuning_estimate, 'tuning');
  expectFeature('mel dB bands 0-111 (below ~8 kHz)', columns(all.features.melspectrogram_db, 0, 112), columns(matrix(f.melspectrogram_db), 0, 112).data);
  expectFeature('mel dB all bands', all.features.melspectrogram_db, f.melspectrogram_db);
  expectClose('contrast bands 0-5', columns(all.features.spectral_contrast, 0, 6).data, columns(matrix(f.spectral_contrast), 0, 6).data, CONTRAST_TOLERANCE);
  expectClose('contrast band 6 (valley in the stopband noise floor)', columns(all.features.spectral_contrast, 6, 7).data, columns(matrix(f.spectral_contrast), 6, 7).data, { atol: 0.3, rtol: 0 });
  expectFeature('mfcc20', all.features.mfcc20, f.mfcc20);
  expectFeature('centroid (Hz)', all.features.spectral_centroid, f.spectral_centroid);
  expectFeature('zcr', all.features.zero_crossing_rate, f.zero_crossing_rate);
  expectFeature('chroma', all.features.chroma_stft, f.chroma_stft);
  expectFeature('rms', all.features.rms, f.rms);
  expectFeature('amplitude statistics', all.features.amplitude_statistics, f.amplitude_statistics);
});

/** One rate of rates.json. */
interface RateFixture {
  file: string;
  n_samples: number;
  tuning: number;
  tuning_margin: number;
  silent_seconds: [number, number];
  head: number[];
  excerpt_start: number;
  excerpt: number[];
  tail: number[];
  features: Record<string, number[][]>;
}

s('8, 11.025, 16, 44.1, 48, 96 and 192 kHz: librosa.load to float32 precision, features within the 22050 Hz tolerances', () => {
  const { rates } = loadFixture<{ rates: Record<string, RateFixture> }>('rates.json');
  assert.equal(Object.keys(rates).map(Number).sort((a, b) => a - b), [8000, 11025, 16000, 44100, 48000, 96000, 192000]);
  let tuningsChecked = 0;
  for (const [sr, fx] of Object.entries(rates)) {
    const label = (what: string) => `${sr} Hz: ${what}`;
    const d = readAudioFile(join(fixtureDir, fx.file));
    assert.is(d.originalSampleRate, Number(sr));
    assert.is(d.samples.length, fx.n_samples, label('length'));
    const samples = { atol: 5e-7, rtol: 0 };
    expectClose(label('first samples'), d.samples.subarray(0, fx.head.length), fx.head, samples);
    expectClose(label('excerpt'), d.samples.subarray(fx.excerpt_start, fx.excerpt_start + fx.excerpt.length), fx.excerpt, samples);
    expectClose(label('last samples'), d.samples.subarray(d.samples.length - fx.tail.length), fx.tail, samples);

    const all = allFeatures(d.samples);
    const f = fx.features;
    if (fx.tuning_margin >= 2) {
      assert.is(all.tuning, fx.tuning, label('tuning'));
      tuningsChecked++;
    }
    const sounding = f.rms.map(([r]) => r >= 1e-6); // not digitally silent
    const [silentFrom, silentTo] = fx.silent_seconds.map((t) => t * 22050);
    const clear = f.rms.map((_, t) => t * 512 + 1024 <= silentFrom || t * 512 - 1024 >= silentTo); // window clear of the silent stretch
    const on = (m: FrameMatrix, keep: boolean[]) => rows(m, keep);
    const ref = (name: string, keep: boolean[]) => on(matrix(f[name]), keep).data;
    expectFeature(label('mel dB'), all.features.melspectrogram_db, f.melspectrogram_db);
    expectFeature(label('mfcc20'), all.features.mfcc20, f.mfcc20);
    expectFeature(label('rms'), all.features.rms, f.rms);
    expectFeature(label('centroid'), on(all.features.spectral_centroid, sounding), ref('spectral_centroid', sounding));
    const chroma = chromaStft(stft(d.samples), { tuning: fx.tuning });
    expectFeature(label('chroma (librosa tuning)'), on(chroma, sounding), ref('chroma_stft', sounding));
    // Bands 0-5 span 200 * 2^(k-1) .. 200 * 2^k Hz, band 6 runs to 11025 Hz; a band reaching past the
    // passband has its valley in the resampler's stopband noise floor.
    const passEnd = (PASSBAND * Math.min(Number(sr), 22050)) / 2;
    const inPassband = Array.from({ length: 7 }, (_, k) => k < 6 && 200 * 2 ** k <= passEnd);
    const nPass = inPassband.filter(Boolean).length;
    const ours = on(all.features.spectral_contrast, sounding);
    const theirs = on(matrix(f.spectral_contrast), sounding);
    expectClose(label(`contrast bands 0-${nPass - 1}`), columns(ours, 0, nPass).data, columns(theirs, 0, nPass).data, CONTRAST_TOLERANCE);
    const upsampled = Number(sr) < 22050;
    expectClose(label(`contrast bands ${nPass}-6 (stopband noise floor)`), columns(ours, nPass, 7).data, columns(theirs, nPass, 7).data, { atol: upsampled ? 4 : 0.1, rtol: 0 });
    expectClose(label('zcr clear of silence'), on(all.features.zero_crossing_rate, clear).data, ref('zero_crossing_rate', clear), EXACT);
  }
  assert.ok(tuningsChecked >= 5, `tuning checked at ${tuningsChecked} rates`);
});

s('output length and padding: soxr rounds, librosa pads to ceil (short signals at every rate)', () => {
  const { cases } = loadFixture<{ cases: { sr: number; signal: number[]; resampled: number[] }[] }>('resample_lengths.json');
  assert.ok(cases.length >= 40);
  let padded = 0;
  for (const { sr, signal, resampled } of cases) {
    const out = resample(Float32Array.from(signal), sr, 22050);
    const label = `${signal.length} samples at ${sr} Hz`;
    assert.is(out.length, resampled.length, `${label}: length`);
    expectClose(label, out, resampled, { atol: 5e-7, rtol: 0 });
    const soxrLength = Math.floor(signal.length / (sr / 22050) + 0.5);
    if (soxrLength < out.length) {
      padded++;
      assert.is(out[out.length - 1], 0, `${label}: librosa's padding zero`);
    }
  }
  assert.ok(padded >= 10, `only ${padded} cases exercise the padding`);
});

s('ratios soxr would approximate with interpolated filters are refused, naming the rates', () => {
  assert.throws(() => resample(new Float32Array(100), 192001, 22050), /192001 -> 22050 Hz has no rational form/);
  assert.throws(() => resample(new Float32Array(100), 44056, 22050), /44056 -> 22050 Hz/);
  assert.is(resample(new Float32Array(440), 22000, 22050).length, 441);
});

s.run();

/**
 * Properties of the spectral and time-domain descriptors that follow from librosa's definitions
 * (librosa's own tests use the first two): a single-bin spectrum's centroid is that bin's
 * frequency, a flat spectrum has contrast 0 dB, plus ZCR threshold/padding and RMS padding; and
 * bandwidth, rolloff and flatness against librosa on rhythm.json's signals.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { amplitudeStatistics, fftFrequencies, rms, spectralBandwidth, spectralCentroid, spectralContrast, spectralFlatness, spectralRolloff, stft, zeroCrossingRate, type Spectrogram } from '../../src/dsp/index.js';
import { expectClose } from '../util/close.js';
import { expectFeature, expectRolloff, rhythmSignals } from './helpers.js';

const s = suite('dsp spectral');

/** A spectrogram whose every frame has the magnitudes `row`. */
function constantSpec(row: number[], nFrames = 3): Spectrogram {
  const magnitude = new Float32Array(nFrames * row.length);
  for (let t = 0; t < nFrames; t++) magnitude.set(row, t * row.length);
  return { sr: 22050, nFft: 2 * (row.length - 1), hopLength: 512, nFrames, nBins: row.length, power: magnitude.map((v) => v * v) };
}

s('centroid: energy in one bin gives that bin frequency; silence gives 0', () => {
  const row = new Array(1025).fill(0);
  row[5] = 3;
  expectClose('one bin', spectralCentroid(constantSpec(row)).data, new Array(3).fill(fftFrequencies(22050, 2048)[5]), { atol: 1e-9, rtol: 0 });
  assert.equal(Array.from(spectralCentroid(constantSpec(new Array(1025).fill(0))).data), [0, 0, 0]);
});

s('contrast: flat spectrum gives 0 dB in all 7 bands; a peak in one band raises only that band', () => {
  const flat = spectralContrast(constantSpec(new Array(1025).fill(0.5)));
  assert.is(flat.width, 7);
  expectClose('flat', flat.data, new Array(21).fill(0), { atol: 1e-12, rtol: 0 });
  const row = new Array(1025).fill(0.5);
  row[100] = 50; // 1077 Hz: band 3 (800-1600 Hz, bins 74..147, averaging the top and bottom 2)
  const peaked = spectralContrast(constantSpec(row)).data.subarray(0, 7);
  expectClose('one peak', peaked, [0, 0, 0, 10 * Math.log10((50 + 0.5) / 2 / 0.5), 0, 0, 0], { atol: 1e-5, rtol: 0 });
  assert.throws(() => spectralContrast(constantSpec(row), { quantile: 1 }), /quantile/);
  assert.throws(() => spectralContrast(constantSpec(row), { nBands: 7 }), /Nyquist/);
});

s('contrast equals a sort-based transcription of librosa for default and unusual settings', () => {
  let seed = 3;
  const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const nFrames = 4;
  const row = () => Array.from({ length: 1025 }, (_, k) => (rand() * 10) / (1 + k / 50));
  const mags = Array.from({ length: nFrames }, row);
  const power = Float32Array.from(mags.flat(), (m) => m * m);
  const spec: Spectrogram = { sr: 22050, nFft: 2048, hopLength: 512, nFrames, nBins: 1025, power };
  const freqs = fftFrequencies(22050, 2048);
  for (const [fmin, nBands, quantile] of [[200, 6, 0.02], [300, 4, 0.3], [100, 3, 0.45]]) {
    // librosa.feature.spectral_contrast, line by line, with a full sort.
    const octa = [0, ...Array.from({ length: nBands + 1 }, (_, j) => fmin * 2 ** j)];
    const peak: number[] = [];
    const valley: number[] = [];
    for (let t = 0; t < nFrames; t++) {
      for (let k = 0; k <= nBands; k++) {
        const band = Array.from(freqs, (f) => f >= octa[k] && f <= octa[k + 1]);
        const idx = band.flatMap((b, i) => (b ? [i] : []));
        if (k > 0) band[idx[0] - 1] = true;
        if (k === nBands) band.fill(true, idx[idx.length - 1] + 1);
        let sub = band.flatMap((b, i) => (b ? [Math.sqrt(power[t * 1025 + i])] : []));
        if (k < nBands) sub = sub.slice(0, -1);
        const count = band.filter(Boolean).length;
        const r = quantile * count;
        const n = Math.max(1, Math.abs(r - Math.trunc(r)) === 0.5 ? 2 * Math.round(r / 2) : Math.round(r));
        sub.sort((a, b) => a - b);
        valley.push(sub.slice(0, n).reduce((a, b) => a + b, 0) / n);
        peak.push(sub.slice(-n).reduce((a, b) => a + b, 0) / n);
      }
    }
    const db = (v: number[]) => {
      const d = v.map((x) => 10 * Math.log10(Math.max(1e-10, x)));
      const max = Math.max(...d);
      return d.map((x) => Math.max(x, max - 80));
    };
    const [pd, vd] = [db(peak), db(valley)];
    const expected = pd.map((p, i) => p - vd[i]);
    expectClose(`contrast fmin ${fmin}, ${nBands} bands, quantile ${quantile}`, spectralContrast(spec, { fmin, nBands, quantile }).data, expected, { atol: 1e-4, rtol: 0 });
  }
});

s('zero-crossing rate: sign-bit changes within the frame, |x| <= 1e-10 counts as +0, edge padding', () => {
  const n = 8192;
  const alternating = Float32Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1));
  const z = zeroCrossingRate(alternating).data;
  assert.is(z.length, 1 + n / 512);
  expectClose('interior frames', z.subarray(2, -2), new Array(z.length - 4).fill(2047 / 2048), { atol: 1e-12, rtol: 0 });
  // Frame 0 is 1024 copies of y[0] = +1, then y[0..1023]: only the 1023 pairs inside y cross.
  expectClose('frame 0 (edge padding)', z[0], 1023 / 2048, { atol: 1e-12, rtol: 0 });
  const tiny = Float32Array.from({ length: n }, (_, i) => (i % 2 ? -5e-11 : 5e-11));
  assert.ok(zeroCrossingRate(tiny).data.every((v) => v === 0), 'values under the threshold are +0');
  const negative = new Float32Array(n).fill(-0.5);
  assert.ok(zeroCrossingRate(negative).data.every((v) => v === 0), 'edge padding repeats the sign');
});

s('rms: zero-padded frames, no window', () => {
  const ones = new Float32Array(4096).fill(1);
  const r = rms(ones).data;
  assert.is(r.length, 9);
  expectClose('frames', r, [Math.sqrt(0.5), Math.sqrt(0.75), 1, 1, 1, 1, 1, Math.sqrt(0.75), Math.sqrt(0.5)], { atol: 1e-7, rtol: 0 });
});

/** RMS frame by frame from a zero-padded copy, the plain definition the batched loop must equal exactly. */
function plainRms(y: Float32Array, frameLength: number, hopLength: number): number[] {
  const pad = frameLength >> 1;
  const padded = new Float32Array(y.length + 2 * pad);
  padded.set(y, pad);
  const out: number[] = [];
  for (let start = 0; start + frameLength <= padded.length; start += hopLength) {
    let sum = 0;
    for (let i = start; i < start + frameLength; i++) sum += padded[i] * padded[i];
    out.push(Math.fround(Math.sqrt(sum / frameLength)));
  }
  return out;
}

s('rms: frames summed eight at a time equal the plain frame-by-frame sums bit for bit', () => {
  let seed = 7;
  const noise = Float32Array.from({ length: 30011 }, () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1);
  for (const [frameLength, hopLength, n] of [[2048, 512, 30011], [2048, 512, 9 * 512], [1000, 300, 7000], [64, 64, 1500], [2048, 512, 700]]) {
    const y = noise.subarray(0, n);
    expectClose(`L=${frameLength} hop=${hopLength} n=${n}`, rms(y, { frameLength, hopLength }).data, plainRms(y, frameLength, hopLength), { atol: 0, rtol: 0 });
  }
});

s('amplitude statistics: moments of the magnitudes over bins; flat frames get 0 shape', () => {
  const row = Array.from({ length: 9 }, (_, k) => (k === 0 ? 8 : 0));
  const st = amplitudeStatistics(constantSpec(row, 1)).data;
  // Values {8, 0 x8}: mean 8/9, var 64*8/81, skew (1-2p)/sqrt(p(1-p)) with p = 1/9, kurtosis 1/(p(1-p)) - 6.
  const p = 1 / 9;
  expectClose('stats', st, [8 / 9, Math.sqrt((64 * 8) / 81), (1 - 2 * p) / Math.sqrt(p * (1 - p)), 1 / (p * (1 - p)) - 6], { atol: 1e-5, rtol: 1e-6 });
  expectClose('flat', amplitudeStatistics(constantSpec(new Array(9).fill(2), 1)).data, [2, 0, 0, 0], { atol: 1e-12, rtol: 0 });
});

s('bandwidth, rolloff and flatness match librosa on a drum loop, tones, silence, 300 samples, an impulse, clicks', () => {
  for (const { name, y, ref } of rhythmSignals()) {
    const spec = stft(y);
    expectFeature(`${name} spectral_bandwidth`, spectralBandwidth(spec), ref.features.spectral_bandwidth, 1);
    assert.is(expectRolloff(`${name} spectral_rolloff`, spectralRolloff(spec), ref.features.spectral_rolloff), 0, `${name}: no rolloff frame flips on the fixtures`);
    expectFeature(`${name} spectral_flatness`, spectralFlatness(spec), ref.features.spectral_flatness, 1);
  }
});

s('bandwidth: one bin gives 0, two equal bins give half their distance, silence gives 0', () => {
  const freqs = fftFrequencies(22050, 2048);
  const one = new Array(1025).fill(0);
  one[40] = 2;
  expectClose('one bin', spectralBandwidth(constantSpec(one)).data, [0, 0, 0], { atol: 1e-9, rtol: 0 });
  const two = new Array(1025).fill(0);
  two[10] = two[30] = 1;
  expectClose('two bins', spectralBandwidth(constantSpec(two)).data, new Array(3).fill((freqs[30] - freqs[10]) / 2), { atol: 1e-3, rtol: 0 });
  assert.equal(Array.from(spectralBandwidth(constantSpec(new Array(1025).fill(0))).data), [0, 0, 0]);
});

s('rolloff: the first bin where the running magnitude sum reaches the fraction; silence gives 0 Hz', () => {
  const freqs = fftFrequencies(22050, 2048);
  const flat = new Array(1025).fill(1);
  // sum through bin k is k + 1; 0.85 * 1025 = 871.25 is first reached at k = 871.
  assert.equal(Array.from(spectralRolloff(constantSpec(flat)).data), new Array(3).fill(Math.fround(freqs[871])));
  assert.equal(Array.from(spectralRolloff(constantSpec(flat), { rollPercent: 0.5 }).data), new Array(3).fill(Math.fround(freqs[512])));
  assert.equal(Array.from(spectralRolloff(constantSpec(new Array(1025).fill(0))).data), [0, 0, 0]);
  assert.throws(() => spectralRolloff(constantSpec(flat), { rollPercent: 1 }), /rollPercent/);
});

s('flatness: 1 for a flat spectrum and for silence, near amin/mean for a lone peak', () => {
  expectClose('flat', spectralFlatness(constantSpec(new Array(1025).fill(0.3))).data, [1, 1, 1], { atol: 1e-6, rtol: 0 });
  expectClose('silence', spectralFlatness(constantSpec(new Array(1025).fill(0))).data, [1, 1, 1], { atol: 1e-6, rtol: 0 });
  const peak = new Array(1025).fill(0);
  peak[100] = 1;
  // gmean = exp((ln 1 + 1024 ln amin) / 1025), amean = (1 + 1024 amin) / 1025.
  const amin = Math.fround(1e-10);
  const expected = Math.exp((1024 * Math.log(amin)) / 1025) / ((1 + 1024 * amin) / 1025);
  expectClose('one peak', spectralFlatness(constantSpec(peak)).data, [expected, expected, expected], { atol: 0, rtol: 1e-6 });
});

s.run();

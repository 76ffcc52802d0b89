/**
 * The WebAssembly SIMD band extremes of spectral contrast against the scalar loop, bit for bit:
 * librosa's bands on real spectra, odd band layouts (a band shorter than twice its n, one-bin
 * averages, the whole spectrum), orders that make every bin an insertion, ties, zeros and NaN, and
 * frame counts across the kernel's 1-MiB chunks.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fftFrequencies, stft } from '../../../src/dsp/index.js';
import { contrastSimdSupported, contrastExtremesSimd } from '../../../src/dsp/simd/contrast.js';
import { contrastBands, contrastExtremesScalar, type ContrastBand } from '../../../src/dsp/spectral.js';
import { expectClose } from '../../util/close.js';
import { randomSpectrogram, uniform } from '../filterbank-cases.js';
import { EXACT } from '../helpers.js';

const s = suite('dsp contrast simd');

function expectSameExtremes(label: string, power: Float32Array, nFrames: number, nBins: number, bands: ContrastBand[]): void {
  const scalar = contrastExtremesScalar(power, nFrames, nBins, bands);
  const simd = contrastExtremesSimd(power, nFrames, nBins, bands);
  assert.is(simd.peak.length, nFrames * bands.length, `${label}: peak length`);
  expectClose(`${label}: peak`, simd.peak, scalar.peak, EXACT);
  expectClose(`${label}: valley`, simd.valley, scalar.valley, EXACT);
}

s('Node has WebAssembly SIMD, so spectralContrast takes the kernel', () => {
  assert.ok(contrastSimdSupported(), 'WebAssembly SIMD is missing in this Node');
});

s("librosa's bands (default and unusual settings) on the spectrogram of a chirp with noise", () => {
  const next = uniform(7);
  const y = new Float32Array(4 * 22050);
  for (let i = 0; i < y.length; i++) y[i] = 0.3 * Math.sin(2 * Math.PI * (80 * i / 22050 + 300 * (i / 22050) ** 2)) + 0.02 * (next() - 0.5);
  const spec = stft(y);
  const freqs = fftFrequencies(22050, 2048);
  for (const options of [{}, { fmin: 100, nBands: 4, quantile: 0.1 }, { fmin: 300, nBands: 5, quantile: 0.3 }, { quantile: 0.01 }]) {
    expectSameExtremes(JSON.stringify(options), spec.power, spec.nFrames, spec.nBins, contrastBands(freqs, 22050, options));
  }
});

s('odd bands, adversarial orders, ties, zeros and NaN', () => {
  const nBins = 64;
  const bands: ContrastBand[] = [
    { lo: 0, hi: 3, n: 3 }, // every bin on both sides, seed 1
    { lo: 3, hi: 8, n: 4 }, // shorter than twice n
    { lo: 8, hi: 9, n: 1 }, // one bin
    { lo: 9, hi: 40, n: 5 },
    { lo: 0, hi: 64, n: 7 }, // the whole frame, overlapping the others
    { lo: 41, hi: 64, n: 1 },
  ];
  const frames = [
    Float32Array.from({ length: nBins }, (_, k) => k + 1), // ascending: every bin enters `high`
    Float32Array.from({ length: nBins }, (_, k) => nBins - k), // descending: every bin enters `low`
    new Float32Array(nBins).fill(0.25), // ties everywhere
    new Float32Array(nBins), // silence
    Float32Array.from({ length: nBins }, (_, k) => ((k * 37) % 11) * 1e-7), // repeated values, scattered
    Float32Array.from({ length: nBins }, (_, k) => (k % 5 === 2 ? NaN : 1 + (k % 3))),
  ];
  const power = new Float32Array(frames.length * nBins);
  frames.forEach((frame, t) => power.set(frame, t * nBins));
  expectSameExtremes('adversarial frames', power, frames.length, nBins, bands);
});

s('random spectra across the chunk boundary (1025 bins: 255 frames a chunk)', () => {
  const freqs = fftFrequencies(22050, 2048);
  for (const nFrames of [1, 254, 255, 256, 600]) {
    expectSameExtremes(`${nFrames} frames`, randomSpectrogram(nFrames, 1025, nFrames), nFrames, 1025, contrastBands(freqs, 22050, {}));
  }
});

s.run();

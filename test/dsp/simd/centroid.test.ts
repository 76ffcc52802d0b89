/**
 * The WebAssembly SIMD centroid sums against the scalar loops, bit for bit: a real spectrogram,
 * random spectra over twenty decades, silence, and frame counts around the four-frame blocks and
 * the chunks.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fftFrequencies, spectralCentroid, stft } from '../../../src/dsp/index.js';
import { centroidSimdSupported, centroidSumsSimd } from '../../../src/dsp/simd/centroid.js';
import { centroidSumsScalar } from '../../../src/dsp/spectral.js';
import { expectClose } from '../../util/close.js';
import { randomSpectrogram, uniform } from '../filterbank-cases.js';
import { EXACT } from '../helpers.js';

const s = suite('dsp centroid simd');

function expectSameSums(label: string, power: Float32Array, nFrames: number, nBins: number, freqs: Float64Array): void {
  const scalar = centroidSumsScalar(power, nFrames, nBins, freqs);
  const simd = centroidSumsSimd(power, nFrames, nBins, freqs);
  assert.is(simd.totals.length, nFrames, `${label}: length`);
  expectClose(`${label}: totals`, simd.totals, scalar.totals, EXACT);
  expectClose(`${label}: weighted`, simd.weighted, scalar.weighted, EXACT);
}

s('Node has WebAssembly SIMD, so spectralCentroid takes the kernel', () => {
  assert.ok(centroidSimdSupported(), 'WebAssembly SIMD is missing in this Node');
});

s('a real spectrogram, and the centroid of a silent clip is 0', () => {
  const next = uniform(11);
  const y = Float32Array.from({ length: 2 * 22050 }, (_, i) => 0.2 * Math.sin(2 * Math.PI * 1000 * i / 22050) + 0.03 * (next() - 0.5));
  const spec = stft(y);
  expectSameSums('tone with noise', spec.power, spec.nFrames, spec.nBins, fftFrequencies(22050, 2048));
  const silent = spectralCentroid(stft(new Float32Array(22050)));
  assert.ok(silent.data.every((c) => c === 0), 'silence has centroid 0');
});

s('random spectra: frame counts around the blocks and the 1-MiB chunks (1025 bins: 252 frames a chunk)', () => {
  const freqs = fftFrequencies(22050, 2048);
  for (const nFrames of [1, 2, 3, 4, 5, 251, 252, 253, 600]) {
    expectSameSums(`${nFrames} frames`, randomSpectrogram(nFrames, 1025, 100 + nFrames), nFrames, 1025, freqs);
  }
  expectSameSums('7 bins', randomSpectrogram(10, 7, 9), 10, 7, Float64Array.from({ length: 7 }, (_, k) => 3 * k));
});

s.run();

/**
 * The WebAssembly SIMD frame maxima against the scalar loops: real and random spectra, rows of every
 * width modulo four, zeros, NaN and -0, and frame counts across the 1-MiB chunks.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { stft } from '../../../src/dsp/index.js';
import { frameMaximaScalar } from '../../../src/dsp/chroma.js';
import { rowMaximaSimd, rowMaximaSimdSupported } from '../../../src/dsp/simd/row-max.js';
import { expectClose } from '../../util/close.js';
import { randomSpectrogram, uniform } from '../filterbank-cases.js';
import { EXACT } from '../helpers.js';

const s = suite('dsp row max simd');

s('Node has WebAssembly SIMD, so piptrack takes the kernel', () => {
  assert.ok(rowMaximaSimdSupported(), 'WebAssembly SIMD is missing in this Node');
});

s('a real spectrogram and random spectra of every width modulo four, across chunks', () => {
  const next = uniform(5);
  const spec = stft(Float32Array.from({ length: 22050 }, (_, i) => Math.sin(i / 9) * (next() - 0.5)));
  expectClose('tone with noise', rowMaximaSimd(spec.power, spec.nFrames, spec.nBins), frameMaximaScalar(spec.power, spec.nFrames, spec.nBins), EXACT);
  for (const [nFrames, nBins] of [[1, 1], [3, 2], [5, 3], [7, 4], [9, 5], [600, 1025], [2, 262145]]) {
    const power = randomSpectrogram(nFrames, nBins, nFrames * nBins);
    expectClose(`${nFrames} x ${nBins}`, rowMaximaSimd(power, nFrames, nBins), frameMaximaScalar(power, nFrames, nBins), EXACT);
  }
});

s('zeros, -0 and NaN: the maximum is floored at +0 and ignores NaN', () => {
  const rows = [
    [0, 0, 0, 0, 0, 0],
    [-0, -0, -0, -0, -0, -0],
    [NaN, 1, NaN, 2, NaN, 0.5],
    [NaN, NaN, NaN, NaN, NaN, 3],
    [NaN, NaN, NaN, NaN, NaN, NaN],
  ];
  const power = Float32Array.from(rows.flat());
  const simd = rowMaximaSimd(power, rows.length, 6);
  expectClose('against scalar', simd, frameMaximaScalar(power, rows.length, 6), EXACT);
  assert.equal([...simd], [0, 0, 2, 3, 0]);
  assert.ok(Object.is(simd[1], 0), 'a row of -0 gives +0');
});

s.run();

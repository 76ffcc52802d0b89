/**
 * The WebAssembly SIMD filter-bank product against the scalar loops, bit for bit: the mel and chroma
 * banks on a real spectrogram, random banks with runs of every length, frame counts around the
 * four-frame and chunk boundaries, and widths that are no multiple of four.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { applyFilterbankScalar, applyFilterbankSimd, chromaFilterbank, filterbankSimdSupported, melFilterbank, sparseFilterbank, stft } from '../../../src/dsp/index.js';
import { expectClose } from '../../util/close.js';
import { randomBank, randomSpectrogram, uniform } from '../filterbank-cases.js';
import { EXACT } from '../helpers.js';

const s = suite('dsp filterbank simd');

s('Node has WebAssembly SIMD, so the kernel is the path applyFilterbank takes', () => {
  assert.ok(filterbankSimdSupported(), 'WebAssembly SIMD is missing in this Node');
});

/** A 5-s chirp plus noise at 22050 Hz: 216 frames of real spectra. */
function chirpSpectrogram() {
  const next = uniform(42);
  const y = new Float32Array(5 * 22050);
  for (let i = 0; i < y.length; i++) {
    const t = i / 22050;
    y[i] = 0.4 * Math.sin(2 * Math.PI * (110 * t + 400 * t * t)) + 0.01 * (next() - 0.5);
  }
  return stft(y);
}

s('mel (128 and 40 bands) and chroma banks: the same float32 values as the scalar loops', () => {
  const spec = chirpSpectrogram();
  const dense = chromaFilterbank(22050, 2048, { tuning: -0.03 });
  const banks = {
    mel128: melFilterbank(22050, 2048),
    mel40: melFilterbank(22050, 2048, { nMels: 40 }),
    chroma: sparseFilterbank(dense.weights, dense.nChroma, dense.nBins, (w) => w > 0),
  };
  for (const [name, fb] of Object.entries(banks)) {
    const simd = applyFilterbankSimd(fb, spec.power, spec.nFrames);
    assert.is(simd.nFrames, spec.nFrames);
    assert.is(simd.width, fb.nRows);
    expectClose(name, simd.data, applyFilterbankScalar(fb, spec.power, spec.nFrames).data, EXACT);
  }
});

s('random banks: every run length, frame counts across the four-frame and 1-MiB chunk boundaries', () => {
  // 1025 bins: 255 frames per chunk, so 600 frames take three chunks, the last one partial.
  for (const [nRows, nBins, nFrames] of [[12, 1025, 1], [12, 1025, 3], [7, 1025, 5], [128, 1025, 600], [3, 7, 50], [2, 2, 1], [9, 4099, 300]]) {
    const fb = randomBank(nRows, nBins, nRows * 31 + nFrames);
    const S = randomSpectrogram(nFrames, nBins, nBins + nFrames);
    expectClose(`${nRows}x${nBins}, ${nFrames} frames`, applyFilterbankSimd(fb, S, nFrames).data, applyFilterbankScalar(fb, S, nFrames).data, EXACT);
  }
});

s('a bank with an empty row and a row of one bin at the last bin', () => {
  const dense = new Float32Array(3 * 6);
  dense[5] = 0.75; // row 0: only the last bin
  dense.set([1, 2, 3, 4, 5, 6], 12); // row 2: every bin; row 1 stays empty
  const fb = sparseFilterbank(dense, 3, 6, (w) => w !== 0);
  const S = Float32Array.from({ length: 4 * 6 }, (_, i) => i + 1);
  const got = applyFilterbankSimd(fb, S, 4);
  expectClose('against scalar', got.data, applyFilterbankScalar(fb, S, 4).data, EXACT);
  expectClose('frame 0', got.data.subarray(0, 3), [0.75 * 6, 0, 1 + 4 + 9 + 16 + 25 + 36], EXACT);
});

s.run();

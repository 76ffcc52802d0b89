/**
 * Sparse filter banks: the run layout of `sparseFilterbank`, its dense round trip, and the product
 * with a spectrogram against a plain float64 matrix product (one float32 rounding apart).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { applyFilterbank, applyFilterbankScalar, denseFilterbank, sparseFilterbank } from '../../src/dsp/index.js';
import { expectClose } from '../util/close.js';
import { EXACT } from './helpers.js';
import { randomBank, randomSpectrogram } from './filterbank-cases.js';

const s = suite('dsp filterbank');

s('sparseFilterbank keeps runs of consecutive kept bins, row by row, and round-trips to dense', () => {
  // rows: [0 2 3 0 5], [0 0 0 0 0], [7 0 0 8 9]
  const dense = Float32Array.from([0, 2, 3, 0, 5, 0, 0, 0, 0, 0, 7, 0, 0, 8, 9]);
  const fb = sparseFilterbank(dense, 3, 5, (w) => w !== 0);
  assert.equal([...fb.runRow], [0, 0, 2, 2]);
  assert.equal([...fb.runStart], [1, 4, 0, 3]);
  assert.equal([...fb.runEnd], [3, 5, 1, 5]);
  assert.equal([...fb.runOffset], [0, 2, 3, 4]);
  assert.equal([...fb.weights], [2, 3, 5, 7, 8, 9]);
  assert.equal([...denseFilterbank(fb)], [...dense]);
});

/** `out[t, r] = sum_k W[r, k] S[t, k]` in float64 over the dense matrix. */
function denseProduct(W: Float32Array, nRows: number, nBins: number, S: Float32Array, nFrames: number): Float64Array {
  const out = new Float64Array(nFrames * nRows);
  for (let t = 0; t < nFrames; t++) {
    for (let r = 0; r < nRows; r++) {
      let sum = 0;
      for (let k = 0; k < nBins; k++) sum += W[r * nBins + k] * S[t * nBins + k];
      out[t * nRows + r] = sum;
    }
  }
  return out;
}

s('applyFilterbankScalar equals the dense product to float32 rounding, for any frame count', () => {
  for (const [nRows, nBins, nFrames] of [[3, 5, 1], [12, 1025, 7], [40, 1025, 9], [5, 17, 4], [1, 3, 2]]) {
    const fb = randomBank(nRows, nBins, 11 * nRows + nBins);
    const S = randomSpectrogram(nFrames, nBins, nFrames + 3);
    const got = applyFilterbankScalar(fb, S, nFrames);
    assert.is(got.width, nRows);
    assert.is(got.nFrames, nFrames);
    expectClose(`${nRows}x${nBins}, ${nFrames} frames`, got.data, denseProduct(denseFilterbank(fb), nRows, nBins, S, nFrames), { atol: 1e-30, rtol: 2 ** -23 });
  }
});

s('applyFilterbank gives the scalar product bit for bit, whichever path it takes', () => {
  const fb = randomBank(12, 1025, 5);
  const S = randomSpectrogram(13, 1025, 6);
  expectClose('dispatch', applyFilterbank(fb, S, 13).data, applyFilterbankScalar(fb, S, 13).data, EXACT);
});

s.run();

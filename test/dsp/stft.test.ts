/**
 * STFT against a naive float64 DFT (librosa's own test does the same), the periodic Hann window,
 * bin frequencies and argument checks.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fftFrequencies, hannWindow, stft, stftMagnitude } from '../../src/dsp/index.js';
import { expectClose } from '../util/close.js';

const s = suite('dsp stft');

/** |DFT| of frame t of the centred, zero-padded, Hann-windowed signal, by the definition. */
function naiveFrame(y: Float32Array, t: number, nFft: number, hop: number): Float64Array {
  const out = new Float64Array(nFft / 2 + 1);
  for (let k = 0; k <= nFft / 2; k++) {
    let re = 0;
    let im = 0;
    for (let n = 0; n < nFft; n++) {
      const i = t * hop - nFft / 2 + n;
      const x = i >= 0 && i < y.length ? y[i] * (0.5 - 0.5 * Math.cos((2 * Math.PI * n) / nFft)) : 0;
      re += x * Math.cos((2 * Math.PI * k * n) / nFft);
      im -= x * Math.sin((2 * Math.PI * k * n) / nFft);
    }
    out[k] = Math.hypot(re, im);
  }
  return out;
}

function noise(n: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length: n }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 1073741824 - 1;
  });
}

s('matches the naive DFT for several sizes, hops and frames (edges included)', () => {
  for (const [nFft, hop, n] of [[8, 2, 37], [64, 16, 300], [256, 100, 1000], [2048, 512, 6000]]) {
    const y = noise(n, nFft);
    const spec = stft(y, { nFft, hopLength: hop });
    assert.is(spec.nBins, nFft / 2 + 1);
    assert.is(spec.nFrames, 1 + Math.floor(n / hop));
    for (const t of [0, 1, Math.floor(spec.nFrames / 2), spec.nFrames - 1]) {
      const expected = naiveFrame(y, t, nFft, hop);
      const mag = stftMagnitude(spec).data.subarray(t * spec.nBins, (t + 1) * spec.nBins);
      const pow = spec.power.subarray(t * spec.nBins, (t + 1) * spec.nBins);
      const scale = Math.max(...expected);
      expectClose(`|X| nFft ${nFft} frame ${t}`, mag, expected, { atol: 1e-6 * scale, rtol: 1e-6 });
      expectClose(`|X|^2 nFft ${nFft} frame ${t}`, pow, expected.map((v) => v * v), { atol: 1e-6 * scale * scale, rtol: 1e-6 });
    }
  }
});

s('periodic Hann window and bin frequencies', () => {
  const w = hannWindow(8);
  expectClose('hann(8)', w, [0, 0.1464466094067262, 0.5, 0.8535533905932737, 1, 0.8535533905932737, 0.5, 0.1464466094067262], { atol: 1e-15, rtol: 0 });
  const f = fftFrequencies(22050, 2048);
  assert.is(f.length, 1025);
  assert.is(f[1], 10.7666015625);
  assert.is(f[1024], 11025);
});

s('rejects bad sizes and empty input', () => {
  const y = new Float32Array(100);
  assert.throws(() => stft(y, { nFft: 1000 }), /power of two/);
  assert.throws(() => stft(y, { nFft: 2 }), /power of two/);
  assert.throws(() => stft(y, { hopLength: 0 }), /hopLength/);
  assert.throws(() => stft(new Float32Array(0)), /empty/);
});

s.run();

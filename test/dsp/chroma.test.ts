/**
 * Chroma filter bank (against librosa's float32 basis), the tuning estimator's histogram rules, and
 * the chromagram against a dense, unskipped product.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { chromaFilterbank, chromaStft, estimateTuning, pitchTuning, stft } from '../../src/dsp/index.js';
import { expectClose } from '../util/close.js';
import { EXACT, loadFixture } from './helpers.js';

const s = suite('dsp chroma');

function tones(freqs: number[], seconds = 2, sr = 22050): Float32Array {
  return Float32Array.from({ length: sr * seconds }, (_, i) => freqs.reduce((acc, f, j) => acc + Math.sin((2 * Math.PI * f * i) / sr + j) / freqs.length, 0));
}

s('chroma filter bank equals librosa.filters.chroma (tuning 0.33, float32, bit for bit)', () => {
  const ref = loadFixture<{ chroma_tuning: number; chroma: number[][] }>('filterbanks.json');
  const fb = chromaFilterbank(22050, 2048, { tuning: ref.chroma_tuning });
  assert.is(fb.nChroma, 12);
  assert.is(fb.nBins, 1025);
  expectClose('chroma basis', fb.weights, Float32Array.from(ref.chroma.flat()), EXACT);
});

s('pitchTuning: left edge of the fullest 0.01 bin, first on ties, 0 without pitches', () => {
  const cents = (c: number) => 440 * 2 ** (c / 1200);
  assert.is(pitchTuning([cents(23.5), cents(23.5), cents(-10.5)]), -0.5 + 73 * 0.01);
  assert.is(pitchTuning([cents(-10.5), cents(23.5)]), -0.5 + 39 * 0.01, 'tie -> first (lowest) bin');
  assert.is(pitchTuning([cents(60), cents(60.2)]), -0.5 + 10 * 0.01, '60 cents sharp is 40 cents flat of the next note');
  assert.is(pitchTuning([]), 0);
  assert.is(pitchTuning([0, -3]), 0, 'non-positive frequencies are ignored');
  assert.is(pitchTuning([cents(25.5)], { resolution: 0.1 }), -0.5 + 7 * 0.1);
});

s('estimateTuning finds the detuning of pure tones', () => {
  for (const c of [-30, -12, 0, 17, 41]) {
    const r = 2 ** (c / 1200);
    const est = estimateTuning(stft(tones([220 * r, 330 * r, 440 * r, 587.33 * r])));
    assert.ok(Math.abs(est - c / 100) <= 0.05, `${c} cents: estimate ${est}`);
  }
  assert.is(estimateTuning(stft(new Float32Array(22050))), 0, 'silence');
});

s('chromaStft: skipping weights below 1e-9 of their column max is invisible; silence stays 0', () => {
  const y = tones([261.63, 329.63, 392, 1046.5, 3135.96]);
  const spec = stft(y);
  const tuning = estimateTuning(spec);
  const chroma = chromaStft(spec, { tuning });
  const { weights } = chromaFilterbank(22050, 2048, { tuning });
  const dense = new Float64Array(chroma.data.length);
  for (let t = 0; t < spec.nFrames; t++) {
    let max = 0;
    for (let c = 0; c < 12; c++) {
      let acc = 0;
      for (let k = 0; k < 1025; k++) acc += weights[c * 1025 + k] * spec.power[t * 1025 + k];
      dense[t * 12 + c] = acc;
      max = Math.max(max, acc);
    }
    for (let c = 0; c < 12; c++) dense[t * 12 + c] /= max;
  }
  expectClose('sparse vs dense chroma', chroma.data, dense, { atol: 1e-7, rtol: 0 });
  // C major chord: C, E, G are the three largest classes in a middle frame.
  const mid = chroma.data.subarray(40 * 12, 41 * 12);
  const top = Array.from(mid.keys()).sort((a, b) => mid[b] - mid[a]).slice(0, 3).sort((a, b) => a - b);
  assert.equal(top, [0, 4, 7]);
  const silent = chromaStft(stft(new Float32Array(4096)), { tuning: 0 });
  assert.ok(silent.data.every((v) => v === 0));
});

s.run();

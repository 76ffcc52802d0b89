/**
 * Mel scale, the Slaney mel filter bank (against librosa's float32 basis), power_to_db semantics
 * (clip-level top_db floor, amin, ref) and the orthonormal DCT behind MFCC.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dctOrtho, denseFilterbank, hzToMel, melFilterbank, melFrequencies, melToHz, mfcc, powerToDb } from '../../src/dsp/index.js';
import { expectClose } from '../util/close.js';
import { EXACT, loadFixture } from './helpers.js';

const s = suite('dsp mel / mfcc');

s('Slaney mel scale: linear below 1 kHz, logarithmic above, invertible', () => {
  assert.is(hzToMel(0), 0);
  expectClose('1000 Hz', hzToMel(1000), 15, { atol: 1e-12, rtol: 0 });
  expectClose('200/3 Hz per mel', hzToMel(200), 3, { atol: 1e-12, rtol: 0 });
  expectClose('6.4 kHz is 27 mels above 1 kHz', hzToMel(6400), 42, { atol: 1e-12, rtol: 0 });
  for (const f of [10, 500, 999, 1000, 1001, 4000, 11025]) expectClose(`round trip ${f}`, melToHz(hzToMel(f)), f, { atol: 0, rtol: 1e-13 });
  const edges = melFrequencies(130, 0, 11025);
  assert.is(edges[0], 0);
  expectClose('last edge', edges[129], 11025, { atol: 0, rtol: 1e-13 });
});

s('mel filter bank equals librosa.filters.mel (float32, bit for bit)', () => {
  const ref = loadFixture<{ mel_rows: { start: number; values: number[] }[] }>('filterbanks.json');
  const fb = melFilterbank(22050, 2048);
  assert.is(fb.nRows, 128);
  const dense = denseFilterbank(fb);
  const expected = new Float32Array(128 * 1025);
  ref.mel_rows.forEach((row, i) => expected.set(row.values, i * 1025 + row.start));
  expectClose('mel basis', dense, expected, EXACT);
  assert.is(fb.runRow.length, 128, 'one run of nonzero bins per band');
});

s('powerToDb: 10 log10(max(amin, S) / ref), floored at the WHOLE-matrix max - topDb', () => {
  const S = { nFrames: 2, width: 3, data: Float32Array.from([1, 1e-3, 0, 100, 1e-12, 1e-5]) };
  expectClose('defaults', powerToDb(S).data, [0, -30, -60, 20, -60, -50], { atol: 1e-5, rtol: 0 });
  expectClose('no floor', powerToDb(S, { topDb: null }).data, [0, -30, -100, 20, -100, -50], { atol: 1e-4, rtol: 0 });
  expectClose('ref and amin', powerToDb(S, { ref: 10, amin: 1e-6, topDb: null }).data, [-10, -40, -70, 10, -70, -60], { atol: 1e-4, rtol: 0 });
  assert.throws(() => powerToDb(S, { amin: 0 }), /amin/);
  assert.throws(() => powerToDb(S, { topDb: -1 }), /topDb/);
});

s('orthonormal DCT-II: orthogonal rows, MFCC = D @ melDb, DC row = sqrt(1/N) * sum', () => {
  const D = dctOrtho(128, 128);
  for (const [i, j] of [[0, 0], [0, 5], [7, 7], [19, 3], [127, 127]]) {
    let dot = 0;
    for (let k = 0; k < 128; k++) dot += D[i * 128 + k] * D[j * 128 + k];
    expectClose(`row ${i} . row ${j}`, dot, i === j ? 1 : 0, { atol: 1e-12, rtol: 0 });
  }
  const melDb = { nFrames: 1, width: 128, data: Float32Array.from({ length: 128 }, (_, k) => -40 + Math.sin(k / 9) * 10) };
  const c = mfcc(melDb);
  assert.is(c.width, 20);
  const sum = melDb.data.reduce((a, b) => a + b, 0);
  expectClose('c0', c.data[0], sum / Math.sqrt(128), { atol: 1e-4, rtol: 0 });
  assert.is(mfcc(melDb, { nMfcc: 13 }).width, 13);
  for (const M of [7, 8, 128]) {
    const x = { nFrames: 2, width: M, data: Float32Array.from({ length: 2 * M }, (_, i) => Math.cos(i * 1.7) * 30 - 20) };
    const n = Math.min(M, 20);
    const DM = dctOrtho(n, M);
    const direct = Array.from({ length: 2 * n }, (_, i) => {
      const [t, k] = [Math.floor(i / n), i % n];
      let acc = 0;
      for (let m = 0; m < M; m++) acc += DM[k * M + m] * x.data[t * M + m];
      return acc;
    });
    expectClose(`folded DCT, M = ${M}`, mfcc(x, { nMfcc: n }).data, direct, { atol: 1e-4, rtol: 1e-6 });
  }
  assert.throws(() => mfcc(melDb, { nMfcc: 129 }), /must not exceed/);
});

s.run();

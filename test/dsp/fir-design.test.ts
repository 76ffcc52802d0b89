/**
 * Filter design for the resampler: Kaiser low-pass taps against their defining formula and their
 * frequency response, soxr's Kaiser fits at their documented anchor points, and the equiripple
 * half-band filters (minimax alternation, band edges, the attenuations soxr assigns them).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { besselI0, chooseLowpass, designLowpass, equirippleHalfband, kaiserBeta, kaiserSinc, transitionPoint } from '../../src/dsp/index.js';
import { expectClose } from '../util/close.js';

const s = suite('dsp fir-design');

/** Zero-phase amplitude response of symmetric taps at `w` (radians per sample). */
function amplitude(h: Float64Array, w: number): number {
  const c = (h.length - 1) / 2;
  let sum = 0;
  for (let i = 0; i < h.length; i++) sum += h[i] * Math.cos(w * (i - c));
  return sum;
}

s('besselI0 and kaiserBeta: series values, Kaiser formulas below 60 dB, continuity of the fit across octaves', () => {
  expectClose('I0', Float64Array.from([0, 1, 5, 12].map(besselI0)), Float64Array.from([1, 1.2660658777520082, 27.239871823604442, 18948.925349296309]), { atol: 0, rtol: 1e-14 });
  expectClose('Kaiser 50-60 dB', Float64Array.from([kaiserBeta(55, 0.01)]), Float64Array.from([0.1102 * (55 - 8.7)]), { atol: 0, rtol: 1e-15 });
  assert.is(kaiserBeta(20, 0.01), 0);
  for (let octave = 0.5; octave < 9; octave++) {
    const trBw = 0.0005 * 2 ** octave;
    const below = kaiserBeta(126, trBw * 2 ** -1e-9);
    const above = kaiserBeta(126, trBw * 2 ** 1e-9);
    assert.ok(Math.abs(below - above) < 1e-6, `octave ${octave}: ${below} vs ${above}`);
    assert.ok(below > 11 && below < 14, `beta ${below} at 126 dB`);
  }
});

s('kaiserSinc is the windowed-sinc formula; designLowpass meets its passband and stopband', () => {
  const h = kaiserSinc(41, 0.5, 8, 0.5, 2);
  for (const i of [0, 7, 20, 33]) {
    const z = i - 20;
    const sinc = z === 0 ? 0.5 : Math.sin(0.5 * Math.PI * z) / (Math.PI * z);
    const expected = (2 * sinc * besselI0(8 * Math.sqrt(1 - (z / 20.5) ** 2))) / besselI0(8);
    expectClose(`tap ${i}`, Float64Array.of(h[i]), Float64Array.of(expected), { atol: 0, rtol: 1e-14 });
  }
  const spec = { passEnd: 0.9137, stopBegin: 1, nyquist: 2, att: 126.4, tapsModulo: 4 };
  const taps = designLowpass(spec);
  assert.is(taps.length, chooseLowpass(spec).numTaps);
  assert.is(taps.length % 4, 1);
  let pass = 0;
  let stop = 0;
  for (let f = 0; f <= 1; f += 1 / 4096) {
    const a = Math.abs(amplitude(taps, Math.PI * f));
    if (f <= 0.9 * 0.5) pass = Math.max(pass, Math.abs(a - 1));
    if (f >= 0.5) stop = Math.max(stop, a);
  }
  assert.ok(pass < 1e-5, `passband deviation ${pass}`);
  assert.ok(20 * Math.log10(stop) < -120, `stopband ${20 * Math.log10(stop)} dB`);
});

s('transitionPoint: inside the transition band, deeper drops further along it', () => {
  let last = 0;
  for (const drop of [-0.01, -0.3, -3, -20, -60]) {
    const x = transitionPoint(drop, 126);
    assert.ok(x > last && x < 1, `${drop} dB at ${x}`);
    last = x;
  }
});

s('equirippleHalfband: half-band structure, minimax alternation on [0, pi/4], the attenuation soxr assigns', () => {
  for (const [n, att] of [[8, 135], [9, 150]]) {
    const h = equirippleHalfband(n);
    const mid = 2 * n - 1;
    assert.is(h.length, 4 * n - 1);
    assert.is(h[mid], 0.5);
    for (let k = 2; k < mid; k += 2) assert.is(h[mid + k], 0, `tap ${k} of a half-band filter`);
    const errors: number[] = [];
    for (let g = 0; g <= 4096; g++) errors.push(amplitude(h, ((Math.PI / 4) * g) / 4096) - 1);
    const peak = Math.max(...errors.map(Math.abs));
    let extrema = 0;
    for (let g = 0; g < errors.length; g++) {
      const e = errors[g];
      const local = (g === 0 || Math.abs(e) >= Math.abs(errors[g - 1])) && (g === errors.length - 1 || Math.abs(e) >= Math.abs(errors[g + 1]));
      if (local && Math.abs(e) > 0.999 * peak) extrema++;
    }
    assert.ok(extrema >= n + 1, `n=${n}: ${extrema} equal extrema, a minimax fit has ${n + 1}`);
    let stop = 0;
    for (let g = 0; g <= 4096; g++) stop = Math.max(stop, Math.abs(amplitude(h, Math.PI * (0.75 + (0.25 * g) / 4096))));
    assert.ok(20 * Math.log10(stop) < -att, `n=${n}: stopband ${20 * Math.log10(stop)} dB`);
  }
});

s.run();

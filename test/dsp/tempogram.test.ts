/**
 * The autocorrelation tempogram against librosa 0.11 (rhythm.json, every 4th frame) and against
 * its definition computed directly (ramp padding, Hann window, O(L^2) autocorrelation, max
 * normalisation), which checks the two-frames-per-FFT packing for odd and even frame counts.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hannWindow, melSpectrogram, onsetStrength, powerToDb, stft, tempoFrequencies, tempogram, type FrameMatrix } from '../../src/dsp/index.js';
import { expectClose } from '../util/close.js';
import { expectFeature, rhythmSignals } from './helpers.js';

const s = suite('dsp tempogram');

s('tempogram matches librosa on a drum loop, tones, silence, 300 samples, an impulse, clicks', () => {
  for (const { name, y, ref } of rhythmSignals()) {
    const tg = tempogram(onsetStrength(powerToDb(melSpectrogram(stft(y)))));
    assert.is(tg.width, 384);
    const rows = ref.tempogram_frames.flatMap((t) => Array.from(tg.data.subarray(t * 384, (t + 1) * 384)));
    const picked: FrameMatrix = { nFrames: ref.tempogram_frames.length, width: 384, data: Float32Array.from(rows) };
    expectFeature(`${name} tempogram`, picked, ref.tempogram_rows, 384);
  }
});

/** librosa.feature.tempogram written out directly, in float64. */
function directTempogram(o: number[], L: number): number[][] {
  const half = L >> 1;
  const T = o.length;
  const padded = [
    ...Array.from({ length: half }, (_, i) => (o[0] * i) / half),
    ...o,
    ...Array.from({ length: half }, (_, i) => (o[T - 1] * (half - 1 - i)) / half),
  ];
  const w = hannWindow(L);
  return o.map((_, t) => {
    const x = Array.from({ length: L }, (_, n) => padded[t + n] * w[n]);
    const r = Array.from({ length: L }, (_, lag) => x.slice(0, L - lag).reduce((sum, v, n) => sum + v * x[n + lag], 0));
    const max = Math.max(...r.map(Math.abs));
    return max < 2.2250738585072014e-308 ? r : r.map((v) => v / max);
  });
}

s('tempogram equals the direct autocorrelation for odd and even frame counts and window lengths', () => {
  let seed = 5;
  const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (const [T, L] of [[37, 16], [40, 24], [9, 31], [1, 8], [130, 96]]) {
    const o = Array.from({ length: T }, (_, t) => (t % 7 === 3 ? 5 : 0) + rand());
    const ours = tempogram({ nFrames: T, width: 1, data: Float32Array.from(o) }, { winLength: L });
    expectClose(`T=${T} L=${L}`, ours.data, directTempogram(Array.from(Float32Array.from(o)), L).flat(), { atol: 1e-6, rtol: 1e-6 });
  }
  assert.throws(() => tempogram({ nFrames: 2, width: 2, data: new Float32Array(4) }), /onset envelope/);
});

s('tempo frequencies: 60 sr / (hop lag) BPM, infinite at lag 0', () => {
  const bpm = tempoFrequencies(4);
  assert.equal(Array.from(bpm), [Infinity, 60 * 22050 / 512, 60 * 22050 / 1024, 60 * 22050 / 1536]);
  assert.is(tempoFrequencies(3, { sr: 8000, hopLength: 100 })[2], 2400);
});

s.run();

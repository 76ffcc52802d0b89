/**
 * Tempo estimates and the tempogram ratio against librosa 0.11 (rhythm.json), and the prior's
 * behaviour on envelopes of known period.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { globalTempo, localTempo, melSpectrogram, onsetStrength, powerToDb, stft, TEMPOGRAM_RATIO_FACTORS, tempogramRatio, tempoFrequencies, type FrameMatrix } from '../../src/dsp/index.js';
import { expectClose } from '../util/close.js';
import { expectFeature, rhythmSignals } from './helpers.js';

const s = suite('dsp tempo');

s('local and global tempo and the tempogram ratio match librosa on rhythm.json', () => {
  for (const { name, y, ref } of rhythmSignals()) {
    const onset = onsetStrength(powerToDb(melSpectrogram(stft(y))));
    expectFeature(`${name} tempo per frame`, localTempo(onset), ref.features.tempo_frames, 1);
    expectClose(`${name} global tempo`, globalTempo(onset), ref.tempo, { atol: 0, rtol: 1e-12 });
    // The ratio reads a tempogram normalised to 1 in every frame: errors are held to that scale.
    expectFeature(`${name} tempogram_ratio`, tempogramRatio(onset), ref.features.tempogram_ratio, TEMPOGRAM_RATIO_FACTORS.length, { scale: 1 });
  }
});

/** An onset envelope of T frames with a pulse every `period` frames. */
function pulses(T: number, period: number): FrameMatrix {
  return { nFrames: T, width: 1, data: Float32Array.from({ length: T }, (_, t) => (t % period === 0 ? 1 : 0)) };
}

s('pulses every 22 frames read as 117.45 BPM; every 12 (215 BPM) as its half, the multiple nearest 120 BPM', () => {
  // A pulse train correlates about equally at every multiple of its period, so the prior decides
  // (librosa gives the same: 117.45 and 107.67 BPM).
  const bpm = tempoFrequencies(344);
  expectClose('22 frames', globalTempo(pulses(1000, 22)), bpm[22], { atol: 0, rtol: 1e-12 });
  expectClose('12 frames', globalTempo(pulses(1000, 12)), bpm[24], { atol: 0, rtol: 1e-12 });
  const local = localTempo(pulses(1000, 22)).data;
  expectClose('local, mid-clip', local[500], bpm[22], { atol: 1e-4, rtol: 0 });
  const ratio = tempogramRatio(pulses(1000, 22));
  const one = TEMPOGRAM_RATIO_FACTORS.indexOf(1);
  const half = TEMPOGRAM_RATIO_FACTORS.indexOf(1 / 2);
  const mid = ratio.data.subarray(500 * ratio.width, 501 * ratio.width);
  assert.ok(mid[one] > 0.5 && mid[half] > 0.3, `strong at the tempo and at half of it: ${Array.from(mid)}`);
  assert.throws(() => globalTempo(pulses(10, 2), { startBpm: 0 }), /startBpm/);
});

s('max tempo: no tempo at or above it is chosen', () => {
  // A pulse every 6 frames is 430.7 BPM; with a prior centred on it, only the 320 BPM limit keeps the
  // estimate at a multiple of the period, 215.3 BPM (12 frames).
  const bpm = tempoFrequencies(344);
  expectClose('prior at 430 BPM', globalTempo(pulses(1000, 6), { startBpm: 430 }), bpm[12], { atol: 0, rtol: 1e-12 });
  expectClose('no limit', globalTempo(pulses(1000, 6), { startBpm: 430, maxTempo: Infinity }), bpm[6], { atol: 0, rtol: 1e-12 });
});

s.run();

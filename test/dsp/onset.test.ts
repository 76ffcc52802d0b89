/**
 * Onset strength against librosa 0.11 (rhythm.json) and the definition: positive dB rises between
 * consecutive frames, averaged over bands, delayed by lag + nFft / (2 hop) frames.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { melSpectrogram, onsetStrength, powerToDb, stft, type FrameMatrix } from '../../src/dsp/index.js';
import { expectClose } from '../util/close.js';
import { expectFeature, rhythmSignals } from './helpers.js';

const s = suite('dsp onset');

s('onset strength matches librosa on a drum loop, tones, silence, 300 samples, an impulse, clicks', () => {
  for (const { name, y, ref } of rhythmSignals()) {
    expectFeature(`${name} onset_strength`, onsetStrength(powerToDb(melSpectrogram(stft(y)))), ref.features.onset_strength, 1);
  }
});

s('only rises count, averaged over bands, three frames late at the defaults', () => {
  // Two bands over six frames: band 0 rises by 4 into frame 2 and falls after; band 1 rises by 2 into frame 4.
  const db: FrameMatrix = { nFrames: 6, width: 2, data: Float32Array.from([0, 0, 0, 0, 4, 0, 1, 0, 1, 2, 1, 2]) };
  expectClose('defaults', onsetStrength(db).data, [0, 0, 0, 0, 2, 0], { atol: 0, rtol: 0 });
  // lag 2 compares frames two apart; hop 1024 removes the centring shift (2048 / (2 * 1024) = 1 frame).
  expectClose('lag 2', onsetStrength(db, { lag: 2 }).data, [0, 0, 0, 0, 2, 0.5], { atol: 0, rtol: 0 });
  expectClose('hop 1024', onsetStrength(db, { hopLength: 1024 }).data, [0, 0, 0, 2, 0, 1], { atol: 0, rtol: 0 });
  assert.throws(() => onsetStrength(db, { lag: 0 }), /lag/);
});

s.run();

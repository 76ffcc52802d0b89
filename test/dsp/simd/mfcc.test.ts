/**
 * The WebAssembly SIMD DCT of MFCCs against the scalar folded loops, bit for bit: librosa's 128 and
 * the mel group's 40 bands on a real mel spectrogram, every coefficient count, frame counts around
 * the four-frame blocks and the chunks, and odd band counts left to the scalar path.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dctOrtho, melSpectrogram, mfcc, mfccScalar, powerToDb, stft, type FrameMatrix } from '../../../src/dsp/index.js';
import { mfccSimd, mfccSimdSupported } from '../../../src/dsp/simd/mfcc.js';
import { expectClose } from '../../util/close.js';
import { uniform } from '../filterbank-cases.js';
import { EXACT } from '../helpers.js';

const s = suite('dsp mfcc simd');

/** A `[nFrames, width]` matrix of dB-like values in [-80, 20). */
function randomMelDb(nFrames: number, width: number, seed: number): FrameMatrix {
  const next = uniform(seed);
  return { nFrames, width, data: Float32Array.from({ length: nFrames * width }, () => -80 + 100 * next()) };
}

s('Node has WebAssembly SIMD, so mfcc takes the kernel for an even band count', () => {
  assert.ok(mfccSimdSupported(), 'WebAssembly SIMD is missing in this Node');
});

s('128 and 40 mel bands of a real signal, 13 and 20 coefficients', () => {
  const next = uniform(3);
  const y = Float32Array.from({ length: 3 * 22050 }, (_, i) => 0.3 * Math.sin(2 * Math.PI * 330 * i / 22050) * Math.sin(i / 4000) + 0.05 * (next() - 0.5));
  const spec = stft(y);
  for (const nMels of [128, 40]) {
    const melDb = powerToDb(melSpectrogram(spec, { nMels }));
    for (const nMfcc of [13, 20]) {
      const simd = mfccSimd(melDb, dctOrtho(nMfcc, nMels), nMfcc);
      assert.is(simd.width, nMfcc);
      assert.is(simd.nFrames, melDb.nFrames);
      expectClose(`${nMels} bands, ${nMfcc} coefficients`, simd.data, mfccScalar(melDb, { nMfcc }).data, EXACT);
    }
  }
});

s('frame counts around the blocks and chunks (128 bands: 2048 frames a chunk), every coefficient count', () => {
  for (const [nFrames, width, nMfcc] of [[1, 128, 20], [2, 128, 20], [3, 2, 1], [5, 6, 6], [2047, 128, 20], [2049, 128, 20], [4100, 128, 13], [7, 64, 64]]) {
    const melDb = randomMelDb(nFrames, width, nFrames + width);
    expectClose(`${nFrames} frames, ${width} bands, ${nMfcc} coefficients`, mfccSimd(melDb, dctOrtho(nMfcc, width), nMfcc).data, mfccScalar(melDb, { nMfcc }).data, EXACT);
  }
});

s('an odd band count goes to the scalar loops, and mfccSimd refuses it', () => {
  const melDb = randomMelDb(9, 13, 1);
  expectClose('mfcc with 13 bands', mfcc(melDb, { nMfcc: 5 }).data, mfccScalar(melDb, { nMfcc: 5 }).data, EXACT);
  assert.throws(() => mfccSimd(melDb, dctOrtho(5, 13), 5), /even number/);
});

s.run();

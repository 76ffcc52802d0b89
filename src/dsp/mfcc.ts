/**
 * Mel-frequency cepstral coefficients. Shape letters: T = frames, M = mel bands, K = coefficients.
 */
import { checkPositiveInt, type FrameMatrix } from './frames.js';
import { mfccSimd, mfccSimdSupported } from './simd/mfcc.js';

/**
 * Orthonormal DCT-II matrix `[nOut, n]`, float64: `D[k, j] = s_k * cos(pi * k * (2j + 1) / (2n))`
 * with `s_0 = sqrt(1/n)` and `s_k = sqrt(2/n)`, so that `D @ x` keeps the first nOut coefficients.
 * = the matrix of `scipy.fft.dct(x, type=2, norm='ortho')[:nOut]`.
 */
export function dctOrtho(nOut: number, n: number): Float64Array {
  const D = new Float64Array(nOut * n);
  for (let k = 0; k < nOut; k++) {
    const scale = Math.sqrt((k === 0 ? 1 : 2) / n);
    for (let j = 0; j < n; j++) D[k * n + j] = scale * Math.cos((Math.PI * k * (2 * j + 1)) / (2 * n));
  }
  return D;
}

/**
 * MFCCs from a log-power mel spectrogram: `mfcc[t, k] = sum_m D[k, m] * melDb[t, m]` with the
 * orthonormal DCT-II `D`, no liftering. Shapes: melDb `[T, M]` -> `[T, nMfcc]`.
 * = `librosa.feature.mfcc(S=melDb, n_mfcc=20, dct_type=2, norm='ortho', lifter=0)`; with
 * `melDb = powerToDb(melSpectrogram(stft(y)))` it equals `librosa.feature.mfcc(y=y, sr=22050)`
 * (the 80 dB floor of `power_to_db` is clip-level). 13 coefficients are the first 13 of 20.
 * Row k of D is symmetric (k even) or antisymmetric (k odd) about the middle, so each frame is
 * folded once into `x[m] +- x[M-1-m]` and every coefficient costs M/2 products; frames go four at a
 * time through each row of D (each coefficient's sum keeps its order).
 */
export function mfcc(melDb: FrameMatrix, { nMfcc = 20 }: { nMfcc?: number } = {}): FrameMatrix {
  checkPositiveInt('nMfcc', nMfcc);
  const nMels = melDb.width;
  if (nMfcc > nMels) throw new RangeError(`nMfcc (${nMfcc}) must not exceed the number of mel bands (${nMels})`);
  if (nMels % 2 === 0 && mfccSimdSupported()) return mfccSimd(melDb, dctOrtho(nMfcc, nMels), nMfcc);
  return mfccScalar(melDb, { nMfcc });
}

/**
 * The folded DCT of `mfcc` in plain loops: the portable path, and the reference the SIMD kernel
 * (`simd/mfcc.ts`, even M only) is checked against. Shapes: melDb `[T, M]` -> `[T, nMfcc]`.
 */
export function mfccScalar(melDb: FrameMatrix, { nMfcc = 20 }: { nMfcc?: number } = {}): FrameMatrix {
  checkPositiveInt('nMfcc', nMfcc);
  const nMels = melDb.width;
  if (nMfcc > nMels) throw new RangeError(`nMfcc (${nMfcc}) must not exceed the number of mel bands (${nMels})`);
  const D = dctOrtho(nMfcc, nMels);
  const half = nMels >> 1;
  const middle = nMels % 2 === 1 ? half : -1; // the unpaired centre band of an odd M
  const BLOCK = 4; // frames folded and transformed together, so each DCT row is read once per four
  const sum = new Float64Array(BLOCK * half);
  const diff = new Float64Array(BLOCK * half);
  const { nFrames, data } = melDb;
  const out = new Float32Array(nFrames * nMfcc);
  const fold = (t: number, slot: number) => {
    const row = t * nMels;
    for (let m = 0; m < half; m++) {
      sum[slot * half + m] = data[row + m] + data[row + nMels - 1 - m];
      diff[slot * half + m] = data[row + m] - data[row + nMels - 1 - m];
    }
  };
  /** The centre band's term of coefficient k for frame t (0 for an even M). */
  const centre = (d: number, t: number) => (middle >= 0 ? D[d + middle] * data[t * nMels + middle] : 0);
  let t = 0;
  for (; t + BLOCK <= nFrames; t += BLOCK) {
    for (let slot = 0; slot < BLOCK; slot++) fold(t + slot, slot);
    for (let k = 0; k < nMfcc; k++) {
      const folded = k % 2 === 0 ? sum : diff;
      const d = k * nMels;
      let a0 = centre(d, t);
      let a1 = centre(d, t + 1);
      let a2 = centre(d, t + 2);
      let a3 = centre(d, t + 3);
      for (let m = 0; m < half; m++) {
        const w = D[d + m];
        a0 += w * folded[m];
        a1 += w * folded[half + m];
        a2 += w * folded[2 * half + m];
        a3 += w * folded[3 * half + m];
      }
      out[t * nMfcc + k] = a0;
      out[(t + 1) * nMfcc + k] = a1;
      out[(t + 2) * nMfcc + k] = a2;
      out[(t + 3) * nMfcc + k] = a3;
    }
  }
  for (; t < nFrames; t++) {
    fold(t, 0);
    for (let k = 0; k < nMfcc; k++) {
      const folded = k % 2 === 0 ? sum : diff;
      const d = k * nMels;
      let acc = centre(d, t);
      for (let m = 0; m < half; m++) acc += D[d + m] * folded[m];
      out[t * nMfcc + k] = acc;
    }
  }
  return { nFrames, width: nMfcc, data: out };
}

/** Seeded random filter banks and spectrograms for the filter-bank product's tests. */
import { sparseFilterbank, type SparseFilterbank } from '../../src/dsp/index.js';

/** A seeded uniform generator on [0, 1) (32-bit LCG). */
export function uniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * A `[nRows, nBins]` bank whose rows hold runs of every length from 1 up (so every leftover count
 * after the four-bin loop occurs), with float32 weights spanning twelve decades.
 */
export function randomBank(nRows: number, nBins: number, seed: number): SparseFilterbank {
  const next = uniform(seed);
  const dense = new Float32Array(nRows * nBins);
  for (let r = 0; r < nRows; r++) {
    let k = Math.floor(next() * 3);
    let length = 1 + (r % 9);
    while (k < nBins) {
      for (let j = k; j < Math.min(nBins, k + length); j++) dense[r * nBins + j] = 10 ** (-6 + 12 * next()) * (next() < 0.1 ? 0.5 : 1);
      k += length + 1 + Math.floor(next() * 4);
      length = 1 + ((length + 4) % 13);
    }
  }
  return sparseFilterbank(dense, nRows, nBins, (w) => w !== 0);
}

/** A `[nFrames, nBins]` power spectrogram: float32 values over twenty decades, some exact zeros. */
export function randomSpectrogram(nFrames: number, nBins: number, seed: number): Float32Array {
  const next = uniform(seed);
  const S = new Float32Array(nFrames * nBins);
  for (let i = 0; i < S.length; i++) S[i] = next() < 0.02 ? 0 : 10 ** (-12 + 20 * next());
  return S;
}

/**
 * Sparse filter banks `[nRows, nBins]` (mel, chroma) and their product with a spectrogram.
 * Shape letters: T = frames, F = FFT bins, R = filter rows.
 * Each row is a list of runs of consecutive bins; only the weights inside runs are stored.
 */
import type { FrameMatrix } from './frames.js';

/** Run i covers bins `runStart[i] .. runEnd[i]-1` of row `runRow[i]`, weights from `runOffset[i]`. */
export interface SparseFilterbank {
  nRows: number;
  nBins: number;
  runRow: Int32Array;
  runStart: Int32Array;
  runEnd: Int32Array;
  runOffset: Int32Array;
  weights: Float32Array;
}

/**
 * The sparse form of a dense `[nRows, nBins]` bank, keeping the weights where `keep(w, r, k)` holds
 * (rows in order, runs in bin order).
 */
export function sparseFilterbank(dense: Float32Array, nRows: number, nBins: number, keep: (w: number, r: number, k: number) => boolean): SparseFilterbank {
  const rows: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (let r = 0; r < nRows; r++) {
    for (let k = 0; k < nBins; k++) {
      if (!keep(dense[r * nBins + k], r, k)) continue;
      if (ends.length > 0 && rows[rows.length - 1] === r && ends[ends.length - 1] === k) {
        ends[ends.length - 1] = k + 1;
      } else {
        rows.push(r);
        starts.push(k);
        ends.push(k + 1);
      }
    }
  }
  const runOffset = new Int32Array(rows.length);
  let total = 0;
  starts.forEach((s, i) => {
    runOffset[i] = total;
    total += ends[i] - s;
  });
  const weights = new Float32Array(total);
  starts.forEach((s, i) => weights.set(dense.subarray(rows[i] * nBins + s, rows[i] * nBins + ends[i]), runOffset[i]));
  return { nRows, nBins, runRow: Int32Array.from(rows), runStart: Int32Array.from(starts), runEnd: Int32Array.from(ends), runOffset, weights };
}

/** The dense `[nRows, nBins]` matrix of a sparse bank (zeros outside the runs). */
export function denseFilterbank(fb: SparseFilterbank): Float32Array {
  const dense = new Float32Array(fb.nRows * fb.nBins);
  for (let i = 0; i < fb.runRow.length; i++) {
    dense.set(fb.weights.subarray(fb.runOffset[i], fb.runOffset[i] + fb.runEnd[i] - fb.runStart[i]), fb.runRow[i] * fb.nBins + fb.runStart[i]);
  }
  return dense;
}

/** `sum_j w[i + j] * s[k + j]` for j < n, in float64 with four partial sums. */
function dot(w: Float32Array, i: number, s: Float32Array, k: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < n; j += 4) {
    s0 += w[i + j] * s[k + j];
    s1 += w[i + j + 1] * s[k + j + 1];
    s2 += w[i + j + 2] * s[k + j + 2];
    s3 += w[i + j + 3] * s[k + j + 3];
  }
  for (; j < n; j++) s0 += w[i + j] * s[k + j];
  return s0 + s1 + (s2 + s3);
}

/**
 * Filter every frame: `out[t, r] = sum_k fb[r, k] * S[t, k]`, float64 sums rounded to float32.
 * Shapes: S `[T, F]` -> `[T, R]`.
 */
export function applyFilterbank(fb: SparseFilterbank, S: Float32Array, nFrames: number): FrameMatrix {
  const { nRows, nBins, runRow, runStart, runEnd, runOffset, weights } = fb;
  const out = new Float32Array(nFrames * nRows);
  const acc = new Float64Array(nRows);
  for (let t = 0; t < nFrames; t++) {
    acc.fill(0);
    const row = t * nBins;
    for (let i = 0; i < runRow.length; i++) acc[runRow[i]] += dot(weights, runOffset[i], S, row + runStart[i], runEnd[i] - runStart[i]);
    out.set(acc, t * nRows);
  }
  return { nFrames, width: nRows, data: out };
}

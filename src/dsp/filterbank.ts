/**
 * Sparse filter banks `[nRows, nBins]` (mel, chroma) and their product with a spectrogram.
 * Shape letters: T = frames, F = FFT bins, R = filter rows.
 * Each row is a list of runs of consecutive bins; only the weights inside runs are stored.
 */
import { applyFilterbankSimd, filterbankSimdSupported } from './simd/filterbank.js';
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
 * `acc[f * nRows + r] += dot(run, frame f)` for four consecutive frames starting at bin offset
 * `row` (frames `nBins` apart), each run's weights loaded once for the four: the same four partial
 * sums per frame, in the same order, as `dot`.
 */
function accumulateFourFrames(fb: SparseFilterbank, S: Float32Array, row: number, acc: Float64Array): void {
  const { nRows, nBins, runRow, runStart, runEnd, runOffset, weights: w } = fb;
  for (let run = 0; run < runRow.length; run++) {
    const i = runOffset[run];
    const n = runEnd[run] - runStart[run];
    const a = row + runStart[run];
    const b = a + nBins;
    const c = b + nBins;
    const d = c + nBins;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
    let c0 = 0, c1 = 0, c2 = 0, c3 = 0, d0 = 0, d1 = 0, d2 = 0, d3 = 0;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      const w0 = w[i + j];
      const w1 = w[i + j + 1];
      const w2 = w[i + j + 2];
      const w3 = w[i + j + 3];
      a0 += w0 * S[a + j];
      a1 += w1 * S[a + j + 1];
      a2 += w2 * S[a + j + 2];
      a3 += w3 * S[a + j + 3];
      b0 += w0 * S[b + j];
      b1 += w1 * S[b + j + 1];
      b2 += w2 * S[b + j + 2];
      b3 += w3 * S[b + j + 3];
      c0 += w0 * S[c + j];
      c1 += w1 * S[c + j + 1];
      c2 += w2 * S[c + j + 2];
      c3 += w3 * S[c + j + 3];
      d0 += w0 * S[d + j];
      d1 += w1 * S[d + j + 1];
      d2 += w2 * S[d + j + 2];
      d3 += w3 * S[d + j + 3];
    }
    for (; j < n; j++) {
      const wj = w[i + j];
      a0 += wj * S[a + j];
      b0 += wj * S[b + j];
      c0 += wj * S[c + j];
      d0 += wj * S[d + j];
    }
    const r = runRow[run];
    acc[r] += a0 + a1 + (a2 + a3);
    acc[nRows + r] += b0 + b1 + (b2 + b3);
    acc[2 * nRows + r] += c0 + c1 + (c2 + c3);
    acc[3 * nRows + r] += d0 + d1 + (d2 + d3);
  }
}

/**
 * Filter every frame: `out[t, r] = sum_k fb[r, k] * S[t, k]`, float64 sums rounded to float32 (each
 * row's runs in order, each run's dot product with four partial sums). Frames go four at a time so
 * that the weights are read once per four frames. Shapes: S `[T, F]` -> `[T, R]`. The portable
 * path behind `applyFilterbank`, and the reference its SIMD kernel is checked against.
 */
export function applyFilterbankScalar(fb: SparseFilterbank, S: Float32Array, nFrames: number): FrameMatrix {
  const { nRows, nBins, runRow, runStart, runEnd, runOffset, weights } = fb;
  const out = new Float32Array(nFrames * nRows);
  const acc = new Float64Array(4 * nRows);
  let t = 0;
  for (; t + 3 < nFrames; t += 4) {
    acc.fill(0);
    accumulateFourFrames(fb, S, t * nBins, acc);
    out.set(acc, t * nRows);
  }
  for (; t < nFrames; t++) {
    acc.fill(0, 0, nRows);
    const row = t * nBins;
    for (let i = 0; i < runRow.length; i++) acc[runRow[i]] += dot(weights, runOffset[i], S, row + runStart[i], runEnd[i] - runStart[i]);
    out.set(acc.subarray(0, nRows), t * nRows);
  }
  return { nFrames, width: nRows, data: out };
}

/**
 * Filter every frame, `out[t, r] = sum_k fb[r, k] * S[t, k]`, through the WebAssembly SIMD kernel
 * where the engine has one (`simd/filterbank.ts`), else the scalar loops; both give the same float32
 * values. Shapes: S `[T, F]` -> `[T, R]`.
 * = `np.einsum("rf,...ft->...rt", fb, S)` of `librosa.feature.melspectrogram` and `chroma_stft`.
 */
export function applyFilterbank(fb: SparseFilterbank, S: Float32Array, nFrames: number): FrameMatrix {
  return filterbankSimdSupported() ? applyFilterbankSimd(fb, S, nFrames) : applyFilterbankScalar(fb, S, nFrames);
}

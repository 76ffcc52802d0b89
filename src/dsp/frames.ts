/**
 * Frame-major matrices shared by every feature in this folder.
 * Shape letters: T = frames (time), F = FFT bins, M = mel bands, C = chroma, K = coefficients.
 * librosa returns `[features, T]`; tunegrad stores the transpose `[T, features]`, row-major, so one
 * frame is one contiguous row (the oracle JSON's `out[t][k] == librosa[k, t]`).
 */

/** A `[nFrames, width]` row-major matrix; `data[t * width + k]` is librosa's `[k, t]`. */
export interface FrameMatrix {
  nFrames: number;
  width: number;
  data: Float32Array;
}

/**
 * Number of centred frames, `1 + floor(nSamples / hopLength)`: librosa's frame count for
 * `center=True` (e.g. 661500 samples, hop 512 -> 1292 frames).
 */
export function frameCount(nSamples: number, hopLength: number): number {
  return 1 + Math.floor(nSamples / hopLength);
}

/** Throw unless `value` is a positive integer (a frame length, hop, FFT size or band count). */
export function checkPositiveInt(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, got ${value}`);
}

/** Matrices with the same frame count placed side by side: `[T, w1] ++ [T, w2] -> [T, w1 + w2]`. */
export function concatColumns(parts: FrameMatrix[]): FrameMatrix {
  const nFrames = parts[0].nFrames;
  if (parts.some((m) => m.nFrames !== nFrames)) throw new RangeError('concatColumns: frame counts differ');
  const width = parts.reduce((n, m) => n + m.width, 0);
  const data = new Float32Array(nFrames * width);
  for (let t = 0; t < nFrames; t++) {
    let col = t * width;
    for (const m of parts) {
      data.set(m.data.subarray(t * m.width, (t + 1) * m.width), col);
      col += m.width;
    }
  }
  return { nFrames, width, data };
}

/** The first `width` columns of a frame matrix (e.g. MFCC 13 from MFCC 20). */
export function leadingColumns(m: FrameMatrix, width: number): FrameMatrix {
  const data = new Float32Array(m.nFrames * width);
  for (let t = 0; t < m.nFrames; t++) data.set(m.data.subarray(t * m.width, t * m.width + width), t * width);
  return { nFrames: m.nFrames, width, data };
}

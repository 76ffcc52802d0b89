/**
 * Z-scoring with training-set statistics, and cutting clips into fixed-length sequences.
 *
 * Shapes: a clip is a frame matrix [T, F] (row-major, frame-major like `FrameFeatures.data`);
 * a batch of sequences is [n, T, F].
 */

/** A clip's frames: `data` is row-major [nFrames, nFeatures]. */
export interface ClipMatrix {
  nFrames: number;
  nFeatures: number;
  data: Float32Array;
}

/** Per-column statistics over every training frame. */
export interface Standardizer {
  mean: Float64Array;
  /** Population standard deviation (ddof 0). */
  std: Float64Array;
}

/** Added to σ before dividing, so constant columns map to 0 instead of NaN (as in the Keras oracle). */
export const STD_EPSILON = 1e-8;

/**
 * Mean and std of each feature column over all frames of all `matrices` (two passes in float64):
 * μ_f = Σ x[t,f] / N, σ_f = sqrt(Σ (x[t,f] − μ_f)² / N), N = total frame count.
 */
export function fitStandardizer(matrices: readonly ClipMatrix[]): Standardizer {
  if (matrices.length === 0) throw new Error('fitStandardizer: no training clips to take statistics from');
  const nFeatures = matrices[0].nFeatures;
  const mean = new Float64Array(nFeatures);
  const std = new Float64Array(nFeatures);
  let count = 0;
  for (const m of matrices) {
    if (m.nFeatures !== nFeatures) throw new Error(`fitStandardizer: clips have ${nFeatures} and ${m.nFeatures} features`);
    for (let t = 0; t < m.nFrames; t++) for (let f = 0; f < nFeatures; f++) mean[f] += m.data[t * nFeatures + f];
    count += m.nFrames;
  }
  if (count === 0) throw new Error('fitStandardizer: the training clips have no frames');
  for (let f = 0; f < nFeatures; f++) mean[f] /= count;
  for (const m of matrices) {
    for (let t = 0; t < m.nFrames; t++) {
      for (let f = 0; f < nFeatures; f++) {
        const d = m.data[t * nFeatures + f] - mean[f];
        std[f] += d * d;
      }
    }
  }
  for (let f = 0; f < nFeatures; f++) std[f] = Math.sqrt(std[f] / count);
  return { mean, std };
}

/** A new matrix with z[t,f] = (x[t,f] − μ_f) / (σ_f + 1e-8). */
export function standardize(m: ClipMatrix, s: Standardizer): ClipMatrix {
  const F = m.nFeatures;
  if (s.mean.length !== F) throw new Error(`standardize: statistics for ${s.mean.length} features, clip has ${F}`);
  const data = new Float32Array(m.data.length);
  for (let t = 0; t < m.nFrames; t++) {
    for (let f = 0; f < F; f++) data[t * F + f] = (m.data[t * F + f] - s.mean[f]) / (s.std[f] + STD_EPSILON);
  }
  return { nFrames: m.nFrames, nFeatures: F, data };
}

/**
 * The sequence length to use: `timesteps` when given, else the frame count of the shortest clip.
 * Our choice for clips of different lengths is to crop every clip to the shortest (GTZAN's 30-s
 * clips differ by a few frames; cropping loses at most those frames and pads nothing).
 */
export function sequenceLength(matrices: readonly ClipMatrix[], timesteps?: number): number {
  if (timesteps !== undefined) {
    if (!(Number.isInteger(timesteps) && timesteps > 0)) throw new Error(`timesteps must be a positive integer, got ${timesteps}`);
    return timesteps;
  }
  if (matrices.length === 0) throw new Error('sequenceLength: no clips to take the length from');
  return Math.min(...matrices.map((m) => m.nFrames));
}

/**
 * Stack clips into one [n, T, F] array: each clip keeps its first T frames, and a clip shorter than
 * T is padded at the end with zeros (the training mean, once standardised).
 */
export function toSequences(matrices: readonly ClipMatrix[], T: number, nFeatures: number): Float32Array {
  const out = new Float32Array(matrices.length * T * nFeatures);
  matrices.forEach((m, i) => {
    if (m.nFeatures !== nFeatures) throw new Error(`toSequences: clip ${i} has ${m.nFeatures} features, expected ${nFeatures}`);
    const frames = Math.min(T, m.nFrames);
    out.set(m.data.subarray(0, frames * nFeatures), i * T * nFeatures);
  });
  return out;
}

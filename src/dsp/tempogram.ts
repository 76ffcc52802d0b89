/**
 * The autocorrelation tempogram: for every frame, how strongly the onset envelope around it repeats
 * after each lag. Shape letters: T = frames, L = lags (the window length).
 */
import FFT from 'fft.js';
import { checkPositiveInt, type FrameMatrix } from './frames.js';
import { hannWindow } from './window.js';

/** Options of `tempogram`; defaults are librosa's. */
export interface TempogramOptions {
  /** Lags, and the length of the analysis window in frames (384 frames = 8.9 s at hop 512). */
  winLength?: number;
}

/**
 * Tempo in BPM of each lag of a tempogram: `bpm[0] = Infinity`, `bpm[l] = 60 sr / (hop l)`.
 * = `librosa.tempo_frequencies(nBins, hop_length=hop, sr=sr)`.
 */
export function tempoFrequencies(nBins: number, { sr = 22050, hopLength = 512 }: { sr?: number; hopLength?: number } = {}): Float64Array {
  const bpm = new Float64Array(nBins);
  bpm[0] = Infinity;
  for (let l = 1; l < nBins; l++) bpm[l] = (60.0 * sr) / (hopLength * l);
  return bpm;
}

/**
 * The tempogram in float64, `[T, L]` row-major; `tempogram` rounds it to float32, and the tempo
 * estimates read this one so that their argmax sees librosa's float64 values.
 */
export function tempogramValues(onset: FrameMatrix, { winLength = 384 }: TempogramOptions = {}): Float64Array {
  checkPositiveInt('winLength', winLength);
  if (onset.width !== 1) throw new RangeError(`tempogram: expected an onset envelope [T, 1], got width ${onset.width}`);
  const T = onset.nFrames;
  const o = onset.data;
  const L = winLength;
  const half = L >> 1;
  // The envelope padded by `half` frames each side with linear ramps to 0 (np.pad 'linear_ramp').
  const padded = new Float64Array(T + 2 * half);
  for (let i = 0; i < half; i++) {
    padded[i] = (o[0] * i) / half;
    padded[half + T + i] = (o[T - 1] * (half - 1 - i)) / half;
  }
  for (let t = 0; t < T; t++) padded[half + t] = o[t];
  const window = hannWindow(L);
  let size = 4;
  while (size < 2 * L - 1) size *= 2; // a linear autocorrelation of L values fits in 2L - 1 points
  const fft = new FFT(size);
  const z: number[] = fft.createComplexArray();
  const Z: number[] = fft.createComplexArray();
  const W: number[] = fft.createComplexArray();
  const w: number[] = fft.createComplexArray();
  const out = new Float64Array(T * L);
  // Two frames per FFT: z = a + i b gives A[k] = (Z[k] + conj Z[-k]) / 2 and B[k] = (Z[k] - conj Z[-k]) / 2i;
  // the inverse FFT of |A|^2 + i |B|^2 holds a's autocorrelation in its real part and b's in its imaginary part.
  for (let t = 0; t < T; t += 2) {
    const second = t + 1 < T;
    z.fill(0);
    for (let n = 0; n < L; n++) {
      z[2 * n] = padded[t + n] * window[n];
      z[2 * n + 1] = second ? padded[t + 1 + n] * window[n] : 0;
    }
    fft.transform(Z, z);
    for (let k = 0; k < size; k++) {
      const j = (size - k) % size;
      const re = Z[2 * k];
      const im = Z[2 * k + 1];
      const reMirror = Z[2 * j];
      const imMirror = Z[2 * j + 1];
      const aRe = re + reMirror;
      const aIm = im - imMirror;
      const bRe = im + imMirror;
      const bIm = reMirror - re;
      W[2 * k] = 0.25 * (aRe * aRe + aIm * aIm);
      W[2 * k + 1] = 0.25 * (bRe * bRe + bIm * bIm);
    }
    fft.inverseTransform(w, W);
    normaliseRow(w, 0, out, t * L, L);
    if (second) normaliseRow(w, 1, out, (t + 1) * L, L);
  }
  return out;
}

/** `out[at + l] = r[l] / max|r|` for the autocorrelation held at `w[2l + part]`; a frame below float64 `tiny` stays as it is. */
function normaliseRow(w: number[], part: number, out: Float64Array, at: number, L: number): void {
  let max = 0;
  for (let l = 0; l < L; l++) max = Math.max(max, Math.abs(w[2 * l + part]));
  const scale = max < 2.2250738585072014e-308 ? 1 : 1 / max;
  for (let l = 0; l < L; l++) out[at + l] = w[2 * l + part] * scale;
}

/**
 * Autocorrelation tempogram of an onset envelope `o` (`onsetStrength`): `o` is padded by `L/2`
 * frames each side with linear ramps to 0, frame t is `o[t - L/2 .. t + L/2)` times a periodic Hann
 * window `h`, and `tg[t, l] = r_t[l] / max_l |r_t[l]|` with `r_t[l] = sum_n x[n] x[n + l]` for
 * l = 0..L-1 (so lag 0 is 1, and a silent frame stays 0). Computed by FFT, two frames per transform.
 * Shapes: `[T, 1]` -> `[T, L]`.
 * = `librosa.feature.tempogram(onset_envelope=o, sr=22050, hop_length=512, win_length=384,
 *   center=True, window='hann', norm=np.inf)`, frame-major.
 */
export function tempogram(onset: FrameMatrix, options: TempogramOptions = {}): FrameMatrix {
  const values = tempogramValues(onset, options);
  return { nFrames: onset.nFrames, width: options.winLength ?? 384, data: Float32Array.from(values) };
}

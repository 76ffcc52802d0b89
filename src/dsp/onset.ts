/**
 * Onset strength: how much louder each frame is than the one before, summed over mel bands — the
 * envelope whose periodicities the tempogram measures. Shape letters: T = frames, M = mel bands.
 */
import { checkPositiveInt, type FrameMatrix } from './frames.js';

/** Options of `onsetStrength`; defaults are librosa's. */
export interface OnsetOptions {
  /** Frames between the compared spectra. */
  lag?: number;
  /** STFT size and hop the mel spectrogram was computed with (they set the centring shift). */
  nFft?: number;
  hopLength?: number;
}

/**
 * Spectral-flux onset strength of a mel spectrogram in dB `D` (`powerToDb(melSpectrogram(...))`):
 * `o[t] = mean_m max(0, D[t - s, m] - D[t - s - lag, m])` with the shift `s = floor(nFft / (2 hop))`
 * that undoes the STFT's centring, and `o[t] = 0` for the first `s + lag` frames.
 * Shapes: `[T, M]` -> `[T, 1]`.
 * = `librosa.onset.onset_strength(y=y, sr=22050, n_fft=2048, hop_length=512, lag=1, max_size=1,
 *   detrend=False, center=True, aggregate=np.mean)`, whose mel spectrogram in dB is librosa's
 *   defaults (128 bands, ref 1, top_db 80 over the clip).
 */
export function onsetStrength(melDb: FrameMatrix, { lag = 1, nFft = 2048, hopLength = 512 }: OnsetOptions = {}): FrameMatrix {
  checkPositiveInt('lag', lag);
  checkPositiveInt('nFft', nFft);
  checkPositiveInt('hopLength', hopLength);
  const { nFrames, width, data } = melDb;
  const delay = lag + Math.floor(nFft / (2 * hopLength));
  const out = new Float32Array(nFrames);
  for (let t = delay; t < nFrames; t++) {
    const now = (t - delay + lag) * width;
    const before = (t - delay) * width;
    let sum = 0;
    for (let m = 0; m < width; m++) {
      const rise = data[now + m] - data[before + m];
      if (rise > 0) sum += rise;
    }
    out[t] = sum / width;
  }
  return { nFrames, width: 1, data: out };
}

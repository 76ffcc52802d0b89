/**
 * Audio file to the mono 22050 Hz float32 signal every feature starts from, as `librosa.load` does.
 */
import { readFileSync } from 'node:fs';
import { decodeAu } from './au.js';
import { AudioDecodeError, type PcmAudio } from './audio-error.js';
import { resample } from './resample.js';
import { decodeWav } from './wav.js';

export { AudioDecodeError } from './audio-error.js';

/** The sample rate every tunegrad feature assumes (librosa's default). */
export const TARGET_SAMPLE_RATE = 22050;

/** A decoded clip: mono samples at 22050 Hz plus what the file declared. */
export interface DecodedAudio {
  /** Mono, 22050 Hz, float32. */
  samples: Float32Array;
  sampleRate: number;
  originalSampleRate: number;
  channels: number;
}

/**
 * Average the channels to mono with numpy's float32 arithmetic: a running float32 sum over the
 * channels, then a float32 division by their count. Shapes: `[C][n]` -> `[n]`.
 * = `librosa.to_mono(y)` (`np.mean(y, axis=0)`) on float32 input.
 */
export function toMono(channels: Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0];
  const n = channels[0].length;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = channels[0][i];
    for (let c = 1; c < channels.length; c++) sum = Math.fround(sum + channels[c][i]);
    out[i] = sum / channels.length;
  }
  return out;
}

/**
 * Decode a WAV (RIFF/WAVE) or Sun .au file held in memory, chosen by its magic bytes, mix it to
 * mono and resample it to 22050 Hz (windowed sinc, see `resample`), like
 * `librosa.load(path, sr=22050, mono=True, dtype=np.float32)`. Any problem (empty, truncated,
 * malformed, unsupported encoding or sample rate, non-finite samples) throws an `AudioDecodeError`
 * naming `file`.
 */
export function decodeAudio(bytes: Uint8Array, file: string): DecodedAudio {
  if (bytes.length === 0) throw new AudioDecodeError(file, 'empty file');
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  let pcm: PcmAudio;
  if (magic === 'RIFF' || magic === 'RIFX' || magic === 'RF64') pcm = decodeWav(bytes, file);
  else if (magic === '.snd') pcm = decodeAu(bytes, file);
  else throw new AudioDecodeError(file, 'unrecognised format: expected a RIFF/WAVE or Sun .au (".snd") header');
  pcm.channels.forEach((ch, c) => {
    const bad = ch.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new AudioDecodeError(file, `non-finite sample (${ch[bad]}) in channel ${c} at frame ${bad}`);
  });
  const mono = toMono(pcm.channels);
  let samples = mono;
  if (pcm.sampleRate !== TARGET_SAMPLE_RATE) {
    try {
      samples = resample(mono, pcm.sampleRate, TARGET_SAMPLE_RATE);
    } catch (err) {
      throw new AudioDecodeError(file, `unsupported sample rate ${pcm.sampleRate} Hz (${(err as Error).message})`);
    }
  }
  return { samples, sampleRate: TARGET_SAMPLE_RATE, originalSampleRate: pcm.sampleRate, channels: pcm.channels.length };
}

/**
 * Read and decode an audio file (see `decodeAudio`); an unreadable path also throws an
 * `AudioDecodeError` naming the file.
 */
export function readAudioFile(path: string): DecodedAudio {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new AudioDecodeError(path, `cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return decodeAudio(bytes, path);
}

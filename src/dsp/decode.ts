/**
 * Audio file to the mono 22050 Hz float32 signal every feature starts from, as `librosa.load` does.
 */
import { readFileSync } from 'node:fs';
import { decodeAiff } from './aiff.js';
import { decodeAu } from './au.js';
import { AudioDecodeError, type PcmAudio } from './audio-error.js';
import { resample } from './resample.js';
import { decodeWav } from './wav.js';

export { AudioDecodeError } from './audio-error.js';

/** The sample rate every tunegrad feature assumes (librosa's default). */
export const TARGET_SAMPLE_RATE = 22050;

/** Sample rates a file may declare: anything else is refused before any work (a WAV claiming 2 Hz would otherwise be resampled into gigabytes). */
export const MIN_SAMPLE_RATE = 1000;
export const MAX_SAMPLE_RATE = 768000;

/** A decoded clip: mono samples at 22050 Hz plus what the file declared. */
export interface DecodedAudio {
  /** Mono, 22050 Hz, float32. */
  samples: Float32Array;
  sampleRate: number;
  originalSampleRate: number;
  channels: number;
  /** Header defects the decoder read past (one line each, without the file name); empty for a clean file. */
  warnings: string[];
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
 * Decode a WAV (RIFF/WAVE, RIFX, RF64), AIFF / AIFF-C or Sun .au file held in memory, chosen by its
 * magic bytes, to its channels at its own rate, as `soundfile.read(dtype='float32')` gives them.
 * Any problem (empty, truncated, malformed, unsupported encoding, a sample rate outside
 * [MIN_SAMPLE_RATE, MAX_SAMPLE_RATE], non-finite samples) throws an `AudioDecodeError` naming `file`;
 * tolerated header defects come back in `warnings`.
 */
export function decodePcm(bytes: Uint8Array, file: string): PcmAudio {
  if (bytes.length === 0) throw new AudioDecodeError(file, 'empty file');
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  let pcm: PcmAudio;
  if (magic === 'RIFF' || magic === 'RIFX' || magic === 'RF64') pcm = decodeWav(bytes, file);
  else if (magic === 'FORM') pcm = decodeAiff(bytes, file);
  else if (magic === '.snd') pcm = decodeAu(bytes, file);
  else throw new AudioDecodeError(file, 'unrecognised format: expected a RIFF/WAVE, AIFF or Sun .au (".snd") header');
  if (pcm.sampleRate < MIN_SAMPLE_RATE || pcm.sampleRate > MAX_SAMPLE_RATE) {
    throw new AudioDecodeError(file, `unsupported sample rate ${pcm.sampleRate} Hz: outside ${MIN_SAMPLE_RATE}-${MAX_SAMPLE_RATE} Hz`);
  }
  pcm.channels.forEach((ch, c) => {
    const bad = ch.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new AudioDecodeError(file, `non-finite sample (${ch[bad]}) in channel ${c} at frame ${bad}`);
  });
  return pcm;
}

/**
 * Decode an audio file held in memory (see `decodePcm`), mix it to mono and resample it to 22050 Hz
 * (soxr 'HQ', see `resample`), like `librosa.load(path, sr=22050, mono=True, dtype=np.float32)`.
 * Errors are `AudioDecodeError`s naming `file`, including a sample rate the resampler cannot
 * reproduce; tolerated header defects come back in `warnings`.
 */
export function decodeAudio(bytes: Uint8Array, file: string): DecodedAudio {
  const pcm = decodePcm(bytes, file);
  const mono = toMono(pcm.channels);
  let samples = mono;
  if (pcm.sampleRate !== TARGET_SAMPLE_RATE) {
    try {
      samples = resample(mono, pcm.sampleRate, TARGET_SAMPLE_RATE);
    } catch (err) {
      throw new AudioDecodeError(file, `unsupported sample rate ${pcm.sampleRate} Hz (${(err as Error).message})`);
    }
  }
  return { samples, sampleRate: TARGET_SAMPLE_RATE, originalSampleRate: pcm.sampleRate, channels: pcm.channels.length, warnings: pcm.warnings };
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

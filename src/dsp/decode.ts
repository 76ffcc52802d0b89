/**
 * Audio file bytes to the mono 22050 Hz float32 signal every feature starts from, as `librosa.load`
 * does. Pure (no `node:` module, so it runs in a browser); reading a file by path is
 * `read-audio-file.ts`.
 */
import { locateAiff } from './aiff.js';
import { locateAu } from './au.js';
import { AudioDecodeError, type EncodedPcm, type PcmAudio } from './audio-error.js';
import { decodeMono, decodeSamples } from './pcm.js';
import { resample } from './resample.js';
import { locateWav } from './wav.js';

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
 * Find the samples of a WAV (RIFF/WAVE, RIFX, RF64), AIFF / AIFF-C or Sun .au file held in memory,
 * chosen by its magic bytes, without decoding them. An empty, truncated, malformed or unsupported
 * file, or a sample rate outside [MIN_SAMPLE_RATE, MAX_SAMPLE_RATE], throws an `AudioDecodeError`
 * naming `file`; tolerated header defects come back in `warnings`.
 */
export function locatePcm(bytes: Uint8Array, file: string): EncodedPcm {
  if (bytes.length === 0) throw new AudioDecodeError(file, 'empty file');
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  let pcm: EncodedPcm;
  if (magic === 'RIFF' || magic === 'RIFX' || magic === 'RF64') pcm = locateWav(bytes, file);
  else if (magic === 'FORM') pcm = locateAiff(bytes, file);
  else if (magic === '.snd') pcm = locateAu(bytes, file);
  else throw new AudioDecodeError(file, 'unrecognised format: expected a RIFF/WAVE, AIFF or Sun .au (".snd") header');
  if (pcm.sampleRate < MIN_SAMPLE_RATE || pcm.sampleRate > MAX_SAMPLE_RATE) {
    throw new AudioDecodeError(file, `unsupported sample rate ${pcm.sampleRate} Hz: outside ${MIN_SAMPLE_RATE}-${MAX_SAMPLE_RATE} Hz`);
  }
  return pcm;
}

/**
 * Decode an audio file held in memory (see `locatePcm`) to its channels at its own rate, as
 * `soundfile.read(dtype='float32')` gives them; non-finite samples are an `AudioDecodeError` too.
 */
export function decodePcm(bytes: Uint8Array, file: string): PcmAudio {
  const { data, layout, sampleRate, warnings } = locatePcm(bytes, file);
  const channels = decodeSamples(data, layout);
  channels.forEach((ch, c) => {
    const bad = ch.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new AudioDecodeError(file, `non-finite sample (${ch[bad]}) in channel ${c} at frame ${bad}`);
  });
  return { channels, sampleRate, warnings };
}

/** Mono samples at the file's own rate, and what the file declared. */
export interface MonoAudio {
  samples: Float32Array;
  sampleRate: number;
  channels: number;
  warnings: string[];
}

/**
 * Decode an audio file held in memory straight to mono at its own rate: `toMono(decodePcm(…))`
 * value for value (`decodeMono`), with the same errors, without the per-channel arrays.
 */
export function decodeMonoPcm(bytes: Uint8Array, file: string): MonoAudio {
  const { data, layout, sampleRate, warnings } = locatePcm(bytes, file);
  const samples = decodeMono(data, layout);
  const bad = samples.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) {
    decodePcm(bytes, file); // names the channel when a sample itself is not finite
    throw new AudioDecodeError(file, `finite samples overflow float32 when mixed to mono at frame ${bad}`);
  }
  return { samples, sampleRate, channels: layout.channels, warnings };
}

/**
 * Decode an audio file held in memory (see `locatePcm`), mix it to mono and resample it to 22050 Hz
 * (soxr 'HQ', see `resample`), like `librosa.load(path, sr=22050, mono=True, dtype=np.float32)`.
 * Errors are `AudioDecodeError`s naming `file`, including a sample rate the resampler cannot
 * reproduce; tolerated header defects come back in `warnings`.
 */
export function decodeAudio(bytes: Uint8Array, file: string): DecodedAudio {
  const mono = decodeMonoPcm(bytes, file);
  let samples = mono.samples;
  if (mono.sampleRate !== TARGET_SAMPLE_RATE) {
    try {
      samples = resample(mono.samples, mono.sampleRate, TARGET_SAMPLE_RATE);
    } catch (err) {
      throw new AudioDecodeError(file, `unsupported sample rate ${mono.sampleRate} Hz (${(err as Error).message})`);
    }
  }
  return { samples, sampleRate: TARGET_SAMPLE_RATE, originalSampleRate: mono.sampleRate, channels: mono.channels, warnings: mono.warnings };
}

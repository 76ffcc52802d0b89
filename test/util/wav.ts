/** Small WAV files for the GTZAN tests: a 16-bit tone of a given length and a float32 WAV of any values. */
import { chunk, fmtBody, pcmBytes, riff } from '../dsp/corpus.js';

/** A 16-bit mono WAV at `sampleRate` (default 22050 Hz) holding `seconds` of a `frequency`-Hz sine. */
export function toneWav(seconds: number, frequency = 440, sampleRate = 22050): Uint8Array {
  const n = Math.round(seconds * sampleRate);
  const q = Array.from({ length: n }, (_, i) => Math.round(10000 * Math.sin((2 * Math.PI * frequency * i) / sampleRate)));
  return riff([chunk('fmt ', fmtBody(1, 1, sampleRate, 16)), chunk('data', pcmBytes(q, 16))]);
}

/** A 32-bit IEEE-float mono WAV at 22050 Hz holding `samples` as given (finite values of any size). */
export function floatWav(samples: ArrayLike<number>): Uint8Array {
  const data = new Uint8Array(4 * samples.length);
  const view = new DataView(data.buffer);
  for (let i = 0; i < samples.length; i++) view.setFloat32(4 * i, samples[i], true);
  return riff([chunk('fmt ', fmtBody(3, 1, 22050, 32)), chunk('data', data)]);
}

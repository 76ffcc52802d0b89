/** Reading an audio file by path (Node): the bytes, then `decodeAudio`. */
import { readFileSync } from 'node:fs';
import { AudioDecodeError, decodeAudio, type DecodedAudio } from './decode.js';

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

/**
 * Sun/NeXT `.au` (`.snd`) decoding, the format of the original GTZAN release. The header is six
 * big-endian uint32 words: magic ".snd", data offset, data size (0xffffffff = to end of file),
 * encoding, sample rate, channels; an annotation fills the bytes up to the data offset (its length
 * differs per GTZAN file, 28 to 57 bytes in all). Samples are big-endian and interleaved.
 */
import { AudioDecodeError, type EncodedPcm, type PcmAudio } from './audio-error.js';
import { decodeSamples, type SampleEncoding } from './pcm.js';

const UNKNOWN_SIZE = 0xffffffff;

/** Name, storage and size of each supported encoding number. */
const ENCODINGS: Record<number, { name: string; encoding: SampleEncoding; bytes: number }> = {
  1: { name: '8-bit mu-law', encoding: 'ulaw', bytes: 1 },
  2: { name: '8-bit linear PCM', encoding: 'int', bytes: 1 },
  3: { name: '16-bit linear PCM', encoding: 'int', bytes: 2 },
  4: { name: '24-bit linear PCM', encoding: 'int', bytes: 3 },
  5: { name: '32-bit linear PCM', encoding: 'int', bytes: 4 },
  6: { name: '32-bit float', encoding: 'float', bytes: 4 },
  7: { name: '64-bit float', encoding: 'float', bytes: 8 },
  27: { name: '8-bit A-law', encoding: 'alaw', bytes: 1 },
};

/** Decode a Sun `.au` file into float channels, with libsndfile's scaling (see `decodeSamples` and `locateAu`). */
export function decodeAu(bytes: Uint8Array, file: string): PcmAudio {
  const { data, layout, sampleRate, warnings } = locateAu(bytes, file);
  return { channels: decodeSamples(data, layout), sampleRate, warnings };
}

/**
 * Find a Sun `.au` file's sample data and layout.
 * Supported encodings: 1 (mu-law), 2, 3, 4, 5 (8/16/24/32-bit PCM), 6, 7 (float), 27 (A-law). Checks,
 * each failing with an `AudioDecodeError` naming `file`: magic, a data offset inside the file and past
 * the 24-byte header, a data size that fits the file (bytes after it are ignored), a non-empty whole
 * number of frames, the encoding, and non-zero rate and channel count.
 */
export function locateAu(bytes: Uint8Array, file: string): EncodedPcm {
  const fail = (reason: string): never => {
    throw new AudioDecodeError(file, reason);
  };
  if (bytes.length < 24) fail(`file is ${bytes.length} bytes, too short for a .au header (24)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== 0x2e736e64) fail('not a Sun .au file (magic ".snd" missing)');
  const offset = view.getUint32(4);
  const declared = view.getUint32(8);
  const encodingId = view.getUint32(12);
  const sampleRate = view.getUint32(16);
  const nChannels = view.getUint32(20);
  if (offset < 24 || offset > bytes.length) fail(`data offset ${offset} is outside the file (header needs 24 bytes, file has ${bytes.length})`);
  const encoding = ENCODINGS[encodingId] ?? fail(`unsupported .au encoding ${encodingId}; supported: 1 (mu-law), 2-5 (8/16/24/32-bit PCM), 6-7 (float), 27 (A-law)`);
  if (sampleRate === 0) fail('header declares a sample rate of 0 Hz');
  if (nChannels === 0 || nChannels > 65535) fail(`header declares ${nChannels} channels`);
  const available = bytes.length - offset;
  const size = declared === UNKNOWN_SIZE ? available : declared;
  if (size > available) fail(`truncated: header declares ${size} data bytes at offset ${offset} but only ${available} remain`);
  const frameBytes = encoding.bytes * nChannels;
  if (size === 0) fail('no audio: the data section is empty');
  if (size % frameBytes !== 0) fail(`data section of ${size} bytes is not a whole number of ${frameBytes}-byte frames`);
  const data = bytes.subarray(offset, offset + size);
  return { data, layout: { encoding: encoding.encoding, bytesPerSample: encoding.bytes, channels: nChannels, bigEndian: true }, sampleRate, warnings: [] };
}

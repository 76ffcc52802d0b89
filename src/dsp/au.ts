/**
 * Sun/NeXT `.au` (`.snd`) decoding, the format of the original GTZAN release. The header is six
 * big-endian uint32 words: magic ".snd", data offset, data size (0xffffffff = to end of file),
 * encoding, sample rate, channels; an annotation fills the bytes up to the data offset (its length
 * differs per GTZAN file, 28 to 57 bytes in all). Samples are big-endian and interleaved.
 */
import { AudioDecodeError, type PcmAudio } from './audio-error.js';

const UNKNOWN_SIZE = 0xffffffff;

/** G.711 mu-law byte to a 16-bit linear value (Sun's g711.c `ulaw2linear`, as libsndfile). */
function ulawToLinear(u: number): number {
  const v = ~u & 0xff;
  const t = (((v & 0x0f) << 3) + 0x84) << ((v & 0x70) >> 4);
  return v & 0x80 ? 0x84 - t : t - 0x84;
}

/** G.711 A-law byte to a 16-bit linear value (Sun's g711.c `alaw2linear`, as libsndfile). */
function alawToLinear(a: number): number {
  const v = a ^ 0x55;
  const seg = (v & 0x70) >> 4;
  let t = (v & 0x0f) << 4;
  t = seg === 0 ? t + 8 : (t + 0x108) << (seg - 1);
  return v & 0x80 ? t : -t;
}

/** Bytes per sample and a reader for each supported encoding number. */
const ENCODINGS: Record<number, { name: string; bytes: number; read: (v: DataView, at: number) => number }> = {
  1: { name: '8-bit mu-law', bytes: 1, read: (v, at) => ulawToLinear(v.getUint8(at)) / 32768 },
  2: { name: '8-bit linear PCM', bytes: 1, read: (v, at) => v.getInt8(at) / 128 },
  3: { name: '16-bit linear PCM', bytes: 2, read: (v, at) => v.getInt16(at) / 32768 },
  4: { name: '24-bit linear PCM', bytes: 3, read: (v, at) => ((v.getInt8(at) << 16) | v.getUint16(at + 1)) / 8388608 },
  5: { name: '32-bit linear PCM', bytes: 4, read: (v, at) => v.getInt32(at) / 2147483648 },
  6: { name: '32-bit float', bytes: 4, read: (v, at) => v.getFloat32(at) },
  7: { name: '64-bit float', bytes: 8, read: (v, at) => v.getFloat64(at) },
  27: { name: '8-bit A-law', bytes: 1, read: (v, at) => alawToLinear(v.getUint8(at)) / 32768 },
};

/**
 * Decode a Sun `.au` file into float channels, with libsndfile's scaling (integers divided by
 * 2^(bits-1), G.711 through its 16-bit value / 32768, float64 rounded to float32). Supported
 * encodings: 1 (mu-law), 2, 3, 4, 5 (8/16/24/32-bit PCM), 6, 7 (float), 27 (A-law). Checks, each
 * failing with an `AudioDecodeError` naming `file`: magic, a data offset inside the file and past the
 * 24-byte header, a data size that fits the file (bytes after it are ignored), a non-empty whole
 * number of frames, the encoding, and non-zero rate and channel count.
 */
export function decodeAu(bytes: Uint8Array, file: string): PcmAudio {
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

  const nFrames = size / frameBytes;
  const channels = Array.from({ length: nChannels }, () => new Float32Array(nFrames));
  for (let i = 0, at = offset; i < nFrames; i++) {
    for (let c = 0; c < nChannels; c++, at += encoding.bytes) channels[c][i] = encoding.read(view, at);
  }
  return { channels, sampleRate };
}

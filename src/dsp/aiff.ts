/**
 * AIFF and AIFF-C decoding (Apple's big-endian IFF audio): a COMM chunk (channels, frames, bits,
 * 80-bit float sample rate; AIFF-C adds a compression type) and an SSND chunk (offset, block size,
 * then the samples, interleaved).
 */
import { AudioDecodeError, type EncodedPcm, type PcmAudio } from './audio-error.js';
import { fourCC, printable, readForm } from './iff.js';
import { decodeSamples, type SampleEncoding } from './pcm.js';

/** What each supported AIFF-C compression type stores; `null` bytes: from the COMM sample size. */
const COMPRESSION: Record<string, { encoding: SampleEncoding; bytes: number | null; bigEndian: boolean }> = {
  NONE: { encoding: 'int', bytes: null, bigEndian: true },
  twos: { encoding: 'int', bytes: null, bigEndian: true },
  sowt: { encoding: 'int', bytes: null, bigEndian: false },
  in24: { encoding: 'int', bytes: 3, bigEndian: true },
  in32: { encoding: 'int', bytes: 4, bigEndian: true },
  raw: { encoding: 'uint8', bytes: 1, bigEndian: true },
  fl32: { encoding: 'float', bytes: 4, bigEndian: true },
  FL32: { encoding: 'float', bytes: 4, bigEndian: true },
  fl64: { encoding: 'float', bytes: 8, bigEndian: true },
  FL64: { encoding: 'float', bytes: 8, bigEndian: true },
  ulaw: { encoding: 'ulaw', bytes: 1, bigEndian: true },
  ULAW: { encoding: 'ulaw', bytes: 1, bigEndian: true },
  alaw: { encoding: 'alaw', bytes: 1, bigEndian: true },
  ALAW: { encoding: 'alaw', bytes: 1, bigEndian: true },
};

/**
 * An IEEE 754 80-bit extended float (big-endian: sign and 15-bit exponent, then a 64-bit mantissa
 * whose top bit is the integer bit), the AIFF sample rate: `mantissa * 2^(exponent - 16383 - 63)`.
 * Infinities and NaNs (exponent 0x7FFF) read as NaN.
 */
export function readExtended(view: DataView, at: number): number {
  const signExp = view.getUint16(at);
  const exponent = signExp & 0x7fff;
  if (exponent === 0x7fff) return NaN;
  const mantissa = view.getUint32(at + 2) * 2 ** 32 + view.getUint32(at + 6);
  const value = mantissa * 2 ** (exponent - 16383 - 63);
  return signExp & 0x8000 ? -value : value;
}

/** Decode an AIFF or AIFF-C file into float channels with libsndfile's values (see `decodeSamples` and `locateAiff`). */
export function decodeAiff(bytes: Uint8Array, file: string): PcmAudio {
  const { data, layout, sampleRate, warnings } = locateAiff(bytes, file);
  return { channels: decodeSamples(data, layout), sampleRate, warnings };
}

/**
 * Find an AIFF or AIFF-C file's sample data and layout:
 * big-endian integer PCM of 1-32 bits in whole-byte containers (AIFF 8-bit is signed), and the
 * AIFF-C types NONE/twos, sowt (little-endian), in24, in32, raw (unsigned 8-bit), fl32, fl64, ulaw and
 * alaw in either case. The sample rate is truncated to whole Hz, as libsndfile does (with a warning
 * when it was fractional); the frame count is the SSND data's (a COMM count that disagrees is a
 * warning). Chunks are read as `readForm` does. Other checks, each an `AudioDecodeError` naming
 * `file`: magic and form type, one COMM and one SSND chunk, their sizes, a supported compression, a
 * positive channel count, a non-empty SSND of whole frames.
 */
export function locateAiff(bytes: Uint8Array, file: string): EncodedPcm {
  const fail = (reason: string): never => {
    throw new AudioDecodeError(file, reason);
  };
  if (bytes.length < 12) fail(`file is ${bytes.length} bytes, too short for an AIFF header`);
  if (fourCC(bytes, 0) !== 'FORM') fail('not an IFF file (magic "FORM" missing)');
  const form = fourCC(bytes, 8);
  if (form !== 'AIFF' && form !== 'AIFC') fail(`IFF form type is "${printable(form)}", not "AIFF" or "AIFC"`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const complete = (c: { id: string }[]) => c.some((k) => k.id === 'COMM') && c.some((k) => k.id === 'SSND');
  const { chunks, warnings } = readForm(bytes, { magic: 'FORM', bigEndian: true, declaredSize: view.getUint32(4), complete, fail });
  const comms = chunks.filter((c) => c.id === 'COMM');
  const ssnds = chunks.filter((c) => c.id === 'SSND');
  if (comms.length !== 1) fail(comms.length === 0 ? 'no COMM chunk' : 'more than one COMM chunk');
  if (ssnds.length !== 1) fail(ssnds.length === 0 ? 'no SSND chunk' : 'more than one SSND chunk');
  const comm = comms[0];
  if (comm.size < (form === 'AIFC' ? 22 : 18)) fail(`COMM chunk is ${comm.size} bytes, too short for ${form === 'AIFC' ? 'AIFF-C' : 'AIFF'}`);
  const channels = view.getInt16(comm.body);
  const declaredFrames = view.getUint32(comm.body + 2);
  const bits = view.getInt16(comm.body + 6);
  const rate = readExtended(view, comm.body + 8);
  const compression = form === 'AIFC' ? fourCC(bytes, comm.body + 18).trimEnd() : 'NONE';
  const kind = COMPRESSION[compression] ?? fail(`unsupported AIFF-C compression "${printable(compression)}"; supported: ${Object.keys(COMPRESSION).join(', ')}`);
  if (channels <= 0) fail(`COMM chunk declares ${channels} channels`);
  if (kind.bytes === null && (bits < 1 || bits > 32)) fail(`unsupported integer PCM sample size: ${bits} bits`);
  if (!(rate >= 1)) fail(`COMM chunk declares a sample rate of ${rate} Hz`);
  const sampleRate = Math.min(Math.floor(rate), 0xffffffff);
  if (sampleRate !== rate) warnings.push(`sample rate ${rate} Hz is not a whole number; read as ${sampleRate} Hz, as libsndfile does`);
  const bytesPerSample = kind.bytes ?? Math.ceil(bits / 8);

  const ssnd = ssnds[0];
  if (ssnd.size < 8) fail(`SSND chunk is ${ssnd.size} bytes, too short for its offset and block size`);
  const offset = view.getUint32(ssnd.body);
  if (offset > ssnd.size - 8) fail(`SSND data offset ${offset} is past the end of its ${ssnd.size}-byte chunk`);
  const data = bytes.subarray(ssnd.body + 8 + offset, ssnd.body + ssnd.size);
  const frameBytes = channels * bytesPerSample;
  if (data.length === 0) fail('no audio: the SSND chunk is empty');
  if (data.length % frameBytes !== 0) fail(`SSND data of ${data.length} bytes is not a whole number of ${frameBytes}-byte frames`);
  const frames = data.length / frameBytes;
  if (frames !== declaredFrames) warnings.push(`COMM chunk declares ${declaredFrames} frames but SSND holds ${frames}; read ${frames}, as libsndfile does`);
  return { data, layout: { encoding: kind.encoding, bytesPerSample, channels, bigEndian: kind.bigEndian }, sampleRate, warnings };
}

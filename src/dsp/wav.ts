/**
 * RIFF/WAVE decoding: the chunk structure is validated here, the samples are decoded by
 * `wav-decoder`. wav-decoder trusts every size field (a bad one gives a short signal or a
 * DataView RangeError) and rejects WAVE_FORMAT_EXTENSIBLE, so it only ever sees a canonical
 * 44-byte header built from the validated fmt chunk plus the exact data bytes.
 */
import { decode as wavDecode } from 'wav-decoder';
import { AudioDecodeError, type PcmAudio } from './audio-error.js';

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** Bytes 2..15 of every KSDATAFORMAT_SUBTYPE GUID (`xxxx0000-0000-0010-8000-00aa00389b71`). */
const GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
const FORMAT_NAMES: Record<number, string> = { 0x0002: 'MS ADPCM', 0x0006: 'A-law', 0x0007: 'mu-law', 0x0011: 'IMA ADPCM', 0x0055: 'MP3' };

/** The validated content of the fmt chunk. */
interface WavFormat {
  floatingPoint: boolean;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
}

function fourCC(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}

/** A four-character code for a message: printable ASCII as is, other bytes as `\xNN`. */
function printable(code: string): string {
  return [...code].map((c) => (c >= ' ' && c <= '~' ? c : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)).join('');
}

/** Parse and check the fmt chunk body (`view` covers exactly the chunk body). */
function parseFormat(view: DataView, fail: (reason: string) => never): WavFormat {
  if (view.byteLength < 16) fail(`fmt chunk is ${view.byteLength} bytes, needs at least 16`);
  let tag = view.getUint16(0, true);
  const channels = view.getUint16(2, true);
  const sampleRate = view.getUint32(4, true);
  const blockAlign = view.getUint16(12, true);
  const bitsPerSample = view.getUint16(14, true);
  if (tag === WAVE_FORMAT_EXTENSIBLE) {
    if (view.byteLength < 40 || view.getUint16(16, true) < 22) fail('WAVE_FORMAT_EXTENSIBLE fmt chunk is too short for its sub-format GUID');
    tag = view.getUint16(24, true);
    if (GUID_TAIL.some((b, i) => view.getUint8(26 + i) !== b)) fail('WAVE_FORMAT_EXTENSIBLE sub-format GUID is not a KSDATAFORMAT_SUBTYPE');
  }
  if (tag !== WAVE_FORMAT_PCM && tag !== WAVE_FORMAT_IEEE_FLOAT) {
    const name = FORMAT_NAMES[tag] ? ` (${FORMAT_NAMES[tag]})` : '';
    fail(`unsupported encoding: WAVE format tag 0x${tag.toString(16).padStart(4, '0')}${name}; only integer PCM and IEEE float are supported`);
  }
  const floatingPoint = tag === WAVE_FORMAT_IEEE_FLOAT;
  const allowed = floatingPoint ? [32, 64] : [8, 16, 24, 32];
  if (!allowed.includes(bitsPerSample)) fail(`unsupported ${floatingPoint ? 'float' : 'integer PCM'} sample size: ${bitsPerSample} bits`);
  if (channels === 0) fail('fmt chunk declares 0 channels');
  if (sampleRate === 0) fail('fmt chunk declares a sample rate of 0 Hz');
  if (blockAlign !== (channels * bitsPerSample) / 8) {
    fail(`fmt block align ${blockAlign} does not match ${channels} channel(s) of ${bitsPerSample} bits`);
  }
  return { floatingPoint, channels, sampleRate, bitsPerSample, blockAlign };
}

/** A canonical PCM/float WAV (44-byte header + data) that wav-decoder reads without surprises. */
function canonicalWav(format: WavFormat, data: Uint8Array): ArrayBuffer {
  const buffer = new ArrayBuffer(44 + data.length);
  const view = new DataView(buffer);
  const bytes = new Uint8Array(buffer);
  const ascii = (at: number, s: string) => [...s].forEach((c, i) => (bytes[at + i] = c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + data.length, true);
  ascii(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, format.floatingPoint ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM, true);
  view.setUint16(22, format.channels, true);
  view.setUint32(24, format.sampleRate, true);
  view.setUint32(28, format.sampleRate * format.blockAlign, true);
  view.setUint16(32, format.blockAlign, true);
  view.setUint16(34, format.bitsPerSample, true);
  ascii(36, 'data');
  view.setUint32(40, data.length, true);
  bytes.set(data, 44);
  return buffer;
}

/**
 * Decode a RIFF/WAVE file into float channels in [-1, 1], the values libsndfile (and so
 * `librosa.load`) gives: integer PCM divided by 2^(bits-1) (8-bit is unsigned, `(u - 128) / 128`),
 * float samples as stored (float64 rounded to float32). Checks, each failing with an
 * `AudioDecodeError` that names `file`: RIFF/WAVE magic, RIFF size within the file, every chunk
 * header and size within the RIFF body (chunks are word-aligned, odd sizes take a pad byte), exactly
 * one fmt and one data chunk, a supported encoding (PCM 8/16/24/32, float 32/64, also inside
 * WAVE_FORMAT_EXTENSIBLE), consistent block align, and a non-empty data chunk holding whole frames.
 * Bytes after the RIFF body are ignored.
 */
export function decodeWav(bytes: Uint8Array, file: string): PcmAudio {
  const fail = (reason: string): never => {
    throw new AudioDecodeError(file, reason);
  };
  if (bytes.length < 12) fail(`file is ${bytes.length} bytes, too short for a RIFF/WAVE header`);
  const magic = fourCC(bytes, 0);
  if (magic === 'RIFX' || magic === 'RF64') fail(`${magic} WAV files are not supported`);
  if (magic !== 'RIFF') fail('not a RIFF file');
  if (fourCC(bytes, 8) !== 'WAVE') fail(`RIFF form type is "${printable(fourCC(bytes, 8))}", not "WAVE"`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffEnd = 8 + view.getUint32(4, true);
  if (riffEnd > bytes.length) fail(`truncated: RIFF header declares ${riffEnd} bytes but the file has ${bytes.length}`);

  let format: WavFormat | null = null;
  let data: Uint8Array | null = null;
  for (let at = 12; at < riffEnd; ) {
    if (at + 8 > riffEnd) fail(`truncated chunk header at byte ${at}`);
    const id = fourCC(bytes, at);
    if (printable(id) !== id) fail(`malformed chunk id "${printable(id)}" at byte ${at} (not printable ASCII)`);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (body + size > riffEnd) fail(`chunk "${id}" at byte ${at} declares ${size} bytes but only ${riffEnd - body} remain`);
    if (id === 'fmt ') {
      if (format) fail('more than one fmt chunk');
      format = parseFormat(new DataView(bytes.buffer, bytes.byteOffset + body, size), fail);
    } else if (id === 'data') {
      if (data) fail('more than one data chunk');
      data = bytes.subarray(body, body + size);
    }
    at = body + size + (size & 1);
  }
  if (!format) return fail('no fmt chunk');
  if (!data) return fail('no data chunk');
  if (data.length === 0) fail('no audio: the data chunk is empty');
  if (data.length % format.blockAlign !== 0) {
    fail(`data chunk of ${data.length} bytes is not a whole number of ${format.blockAlign}-byte frames`);
  }

  const decoded = wavDecode.sync(canonicalWav(format, data), { symmetric: true });
  const channels = decoded.channelData;
  if (!format.floatingPoint && format.bitsPerSample === 8) {
    // wav-decoder maps u8 to (u - 127.5) / 127.5; libsndfile to (u - 128) / 128.
    for (const ch of channels) for (let i = 0; i < ch.length; i++) ch[i] = (Math.round(ch[i] * 127.5 + 127.5) - 128) / 128;
  } else if (!format.floatingPoint && format.bitsPerSample === 24) {
    // wav-decoder reads 0x800000 (-2^23) as +2^23; no other 24-bit value decodes to exactly +1.
    for (const ch of channels) for (let i = 0; i < ch.length; i++) if (ch[i] === 1) ch[i] = -1;
  }
  return { channels, sampleRate: format.sampleRate };
}

/**
 * RIFF/WAVE decoding, also its big-endian twin RIFX and the 64-bit RF64 (EBU Tech 3306): the fmt
 * chunk (plain or WAVE_FORMAT_EXTENSIBLE) says how the data chunk's samples are stored.
 */
import { AudioDecodeError, type EncodedPcm, type PcmAudio } from './audio-error.js';
import { fourCC, printable, readForm, type Chunk } from './iff.js';
import { decodeSamples, type SampleLayout } from './pcm.js';

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
const WAVE_FORMAT_ALAW = 0x0006;
const WAVE_FORMAT_MULAW = 0x0007;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** Bytes 2..15 of every KSDATAFORMAT_SUBTYPE GUID (`xxxx0000-0000-0010-8000-00aa00389b71`). */
const GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
const FORMAT_NAMES: Record<number, string> = { 0x0002: 'MS ADPCM', 0x0011: 'IMA ADPCM', 0x0055: 'MP3' };

/** The validated content of the fmt chunk. */
interface WavFormat {
  layout: SampleLayout;
  sampleRate: number;
  blockAlign: number;
}

/**
 * Parse and check the fmt chunk body (`view` covers exactly the chunk body). The sample container is
 * `blockAlign / channels` bytes; integer PCM may declare fewer significant bits than its container
 * (12 bits in 16, 20 in 24), which libsndfile reads as the container.
 */
function parseFormat(view: DataView, bigEndian: boolean, fail: (reason: string) => never): WavFormat {
  const le = !bigEndian;
  if (view.byteLength < 16) fail(`fmt chunk is ${view.byteLength} bytes, needs at least 16`);
  let tag = view.getUint16(0, le);
  const channels = view.getUint16(2, le);
  const sampleRate = view.getUint32(4, le);
  const blockAlign = view.getUint16(12, le);
  const bitsPerSample = view.getUint16(14, le);
  if (tag === WAVE_FORMAT_EXTENSIBLE) {
    if (view.byteLength < 40 || view.getUint16(16, le) < 22) fail('WAVE_FORMAT_EXTENSIBLE fmt chunk is too short for its sub-format GUID');
    tag = view.getUint16(24, le);
    if (GUID_TAIL.some((b, i) => view.getUint8(26 + i) !== b)) fail('WAVE_FORMAT_EXTENSIBLE sub-format GUID is not a KSDATAFORMAT_SUBTYPE');
  }
  const container = Math.ceil(bitsPerSample / 8);
  let layout: SampleLayout;
  if (tag === WAVE_FORMAT_PCM) {
    if (bitsPerSample < 1 || bitsPerSample > 32) fail(`unsupported integer PCM sample size: ${bitsPerSample} bits`);
    layout = { encoding: container === 1 ? 'uint8' : 'int', bytesPerSample: container, channels, bigEndian };
  } else if (tag === WAVE_FORMAT_IEEE_FLOAT) {
    if (bitsPerSample !== 32 && bitsPerSample !== 64) fail(`unsupported float sample size: ${bitsPerSample} bits`);
    layout = { encoding: 'float', bytesPerSample: container, channels, bigEndian };
  } else if (tag === WAVE_FORMAT_ALAW || tag === WAVE_FORMAT_MULAW) {
    const name = tag === WAVE_FORMAT_ALAW ? 'A-law' : 'mu-law';
    if (bitsPerSample !== 8) fail(`unsupported ${name} sample size: ${bitsPerSample} bits (G.711 is 8 bits)`);
    layout = { encoding: tag === WAVE_FORMAT_ALAW ? 'alaw' : 'ulaw', bytesPerSample: 1, channels, bigEndian };
  } else {
    const name = FORMAT_NAMES[tag] ? ` (${FORMAT_NAMES[tag]})` : '';
    return fail(`unsupported encoding: WAVE format tag 0x${tag.toString(16).padStart(4, '0')}${name}; supported: integer PCM, IEEE float, mu-law, A-law`);
  }
  if (channels === 0) fail('fmt chunk declares 0 channels');
  if (sampleRate === 0) fail('fmt chunk declares a sample rate of 0 Hz');
  if (blockAlign !== channels * container) {
    fail(`fmt block align ${blockAlign} does not match ${channels} channel(s) of ${bitsPerSample} bits`);
  }
  return { layout, sampleRate, blockAlign };
}

/** RF64's ds64 chunk: the 64-bit RIFF and data sizes that the 32-bit fields (0xFFFFFFFF) stand for. */
function parseDs64(bytes: Uint8Array, fail: (reason: string) => never): { riffSize: number; dataSize: number } {
  if (bytes.length < 20 || fourCC(bytes, 12) !== 'ds64') fail('RF64 file without a ds64 chunk after its header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = view.getUint32(16, true);
  if (size < 24 || 20 + size > bytes.length) fail(`RF64 ds64 chunk of ${size} bytes is too short or runs past the end of the file`);
  const u64 = (at: number) => view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
  return { riffSize: u64(20), dataSize: u64(28) };
}

/** Decode a RIFF/WAVE, RIFX or RF64 file into float channels with libsndfile's values (see `decodeSamples` and `locateWav`). */
export function decodeWav(bytes: Uint8Array, file: string): PcmAudio {
  const { data, layout, sampleRate, warnings } = locateWav(bytes, file);
  return { channels: decodeSamples(data, layout), sampleRate, warnings };
}

/**
 * Find a RIFF/WAVE, RIFX or RF64 file's sample data and layout: integer PCM of 1-32 bits in 8/16/24/32-bit containers, IEEE float 32/64,
 * mu-law and A-law, also inside WAVE_FORMAT_EXTENSIBLE. The chunks are read as `readForm` does (a
 * RIFF size that disagrees with the file is a warning, a chunk past the end of the file an error).
 * Other checks, each an `AudioDecodeError` naming `file`: magic and form type, exactly one fmt and one
 * data chunk, a supported encoding, a consistent block align, a non-empty data chunk of whole frames.
 */
export function locateWav(bytes: Uint8Array, file: string): EncodedPcm {
  const fail = (reason: string): never => {
    throw new AudioDecodeError(file, reason);
  };
  if (bytes.length < 12) fail(`file is ${bytes.length} bytes, too short for a RIFF/WAVE header`);
  const magic = fourCC(bytes, 0);
  if (magic !== 'RIFF' && magic !== 'RIFX' && magic !== 'RF64') fail('not a RIFF file');
  if (fourCC(bytes, 8) !== 'WAVE') fail(`${magic} form type is "${printable(fourCC(bytes, 8))}", not "WAVE"`);
  const bigEndian = magic === 'RIFX';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let declaredSize = view.getUint32(4, !bigEndian);
  let chunkSize: ((id: string, size: number) => number) | undefined;
  if (magic === 'RF64') {
    const ds64 = parseDs64(bytes, fail);
    declaredSize = ds64.riffSize;
    chunkSize = (id, size) => (id === 'data' && size === 0xffffffff ? ds64.dataSize : size);
  }
  const has = (chunks: Chunk[], id: string) => chunks.some((c) => c.id === id);
  const { chunks, warnings } = readForm(bytes, { magic, bigEndian, declaredSize, chunkSize, fail, complete: (c) => has(c, 'fmt ') && has(c, 'data') });
  const fmts = chunks.filter((c) => c.id === 'fmt ');
  const datas = chunks.filter((c) => c.id === 'data');
  if (fmts.length > 1) fail('more than one fmt chunk');
  if (datas.length > 1) fail('more than one data chunk');
  if (fmts.length === 0) fail('no fmt chunk');
  if (datas.length === 0) fail('no data chunk');
  const format = parseFormat(new DataView(bytes.buffer, bytes.byteOffset + fmts[0].body, fmts[0].size), bigEndian, fail);
  const data = bytes.subarray(datas[0].body, datas[0].body + datas[0].size);
  if (data.length === 0) fail('no audio: the data chunk is empty');
  if (data.length % format.blockAlign !== 0) {
    fail(`data chunk of ${data.length} bytes is not a whole number of ${format.blockAlign}-byte frames`);
  }
  return { data, layout: format.layout, sampleRate: format.sampleRate, warnings };
}

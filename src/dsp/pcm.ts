/**
 * Interleaved sample data to float channels with libsndfile's scaling, the values `soundfile.read(
 * dtype='float32')` (and so `librosa.load`) returns, for every container format tunegrad reads
 * (WAV, RIFX, RF64, AIFF, AIFF-C, Sun .au). Shape letters: C = channels, n = frames.
 */

/** How one sample is stored. */
export type SampleEncoding = 'int' | 'uint8' | 'float' | 'ulaw' | 'alaw';

/** The layout of an interleaved block of samples. */
export interface SampleLayout {
  encoding: SampleEncoding;
  /** Bytes per sample: 1-4 for integers (the container; 12-bit audio is read as its 16-bit container), 4 or 8 for float, 1 for G.711. */
  bytesPerSample: number;
  channels: number;
  bigEndian: boolean;
}

/** G.711 mu-law byte to its 16-bit linear value (Sun's g711.c `ulaw2linear`, as libsndfile). */
export function ulawToLinear(u: number): number {
  const v = ~u & 0xff;
  const t = (((v & 0x0f) << 3) + 0x84) << ((v & 0x70) >> 4);
  return v & 0x80 ? 0x84 - t : t - 0x84;
}

/** G.711 A-law byte to its 16-bit linear value (Sun's g711.c `alaw2linear`, as libsndfile). */
export function alawToLinear(a: number): number {
  const v = a ^ 0x55;
  const seg = (v & 0x70) >> 4;
  let t = (v & 0x0f) << 4;
  t = seg === 0 ? t + 8 : (t + 0x108) << (seg - 1);
  return v & 0x80 ? t : -t;
}

/** The 256 float values of a G.711 code, `linear / 32768`. */
function g711Table(toLinear: (code: number) => number): Float32Array {
  return Float32Array.from({ length: 256 }, (_, code) => toLinear(code) / 32768);
}

const ULAW = g711Table(ulawToLinear);
const ALAW = g711Table(alawToLinear);

/** A reader of sample i (byte offset `at`) for one layout; integers scaled by `2^(8 * bytes - 1)`. */
function sampleReader({ encoding, bytesPerSample, bigEndian }: SampleLayout, view: DataView): (at: number) => number {
  const le = !bigEndian;
  switch (encoding) {
    case 'uint8':
      return (at) => (view.getUint8(at) - 128) / 128;
    case 'ulaw':
      return (at) => ULAW[view.getUint8(at)];
    case 'alaw':
      return (at) => ALAW[view.getUint8(at)];
    case 'float':
      return bytesPerSample === 4 ? (at) => view.getFloat32(at, le) : (at) => view.getFloat64(at, le);
    case 'int':
      switch (bytesPerSample) {
        case 1:
          return (at) => view.getInt8(at) / 128;
        case 2:
          return (at) => view.getInt16(at, le) / 32768;
        case 3:
          return bigEndian ? (at) => ((view.getInt8(at) << 16) | view.getUint16(at + 1)) / 8388608 : (at) => ((view.getInt8(at + 2) << 16) | view.getUint16(at, true)) / 8388608;
        default:
          return (at) => view.getInt32(at, le) / 2147483648;
      }
  }
}

/**
 * Decode `data` (whole frames of `layout`) into one Float32Array per channel: signed integers of
 * b bytes divided by `2^(8b - 1)`, unsigned 8-bit as `(u - 128) / 128`, floats as stored (float64
 * rounded to float32), G.711 through its 16-bit linear value / 32768.
 * Shapes: `[n * C * bytes]` -> C x `[n]`.
 */
export function decodeSamples(data: Uint8Array, layout: SampleLayout): Float32Array[] {
  const { channels, bytesPerSample } = layout;
  const frameBytes = channels * bytesPerSample;
  const nFrames = Math.floor(data.length / frameBytes);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const read = sampleReader(layout, view);
  const out = Array.from({ length: channels }, () => new Float32Array(nFrames));
  for (let c = 0; c < channels; c++) {
    const ch = out[c];
    for (let i = 0, at = c * bytesPerSample; i < nFrames; i++, at += frameBytes) ch[i] = read(at);
  }
  return out;
}

/**
 * The channels of `data` averaged to mono, equal to `toMono(decodeSamples(data, layout))` (decode.ts)
 * value for value — per frame a running float32 sum over the channels, then a float32 division by
 * their count — without making the per-channel arrays (a long stereo file needs half the memory).
 * Shapes: `[n * C * bytes]` -> `[n]`.
 */
export function decodeMono(data: Uint8Array, layout: SampleLayout): Float32Array {
  const { channels, bytesPerSample } = layout;
  const frameBytes = channels * bytesPerSample;
  const nFrames = Math.floor(data.length / frameBytes);
  const read = sampleReader(layout, new DataView(data.buffer, data.byteOffset, data.byteLength));
  const out = new Float32Array(nFrames);
  for (let i = 0, at = 0; i < nFrames; i++, at += frameBytes) {
    let sum = Math.fround(read(at));
    for (let c = 1; c < channels; c++) sum = Math.fround(sum + Math.fround(read(at + c * bytesPerSample)));
    out[i] = channels === 1 ? sum : sum / channels;
  }
  return out;
}

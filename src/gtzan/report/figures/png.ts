/**
 * A minimal PNG encoder (8-bit RGB, no interlace, filter 0 on every row, zlib's deflate), used to
 * embed dense heatmaps in SVG as one `<image>` instead of thousands of `<rect>`s.
 * Layout per the PNG specification (https://www.w3.org/TR/png-3/): signature, IHDR, IDAT, IEND,
 * each chunk = length (u32 BE) | type | data | CRC-32 of type and data. Plain typed arrays apart
 * from `deflateSync` (node:zlib; the browser build substitutes web/zlib-browser.ts).
 */
import { deflateSync } from 'node:zlib';
import { crc32 } from '../../../nn/crc32.js';

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Encode `rgb` (row-major [height, width, 3] bytes, top row first) as a PNG file. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Uint8Array {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) throw new Error(`encodePng: bad size ${width}×${height}`);
  if (rgb.length !== width * height * 3) throw new Error(`encodePng: ${rgb.length} bytes for a ${width}×${height} RGB image (need ${width * height * 3})`);
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour RGB
  const rows = new Uint8Array(height * (1 + width * 3));
  for (let y = 0; y < height; y++) rows.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (1 + width * 3) + 1); // each row's filter byte stays 0 (None)
  const signature = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return concat([signature, chunk('IHDR', header), chunk('IDAT', new Uint8Array(deflateSync(rows))), chunk('IEND', new Uint8Array(0))]);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** RFC 4648 base64 of `bytes`, with padding. */
function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += BASE64[n >> 18] + BASE64[(n >> 12) & 63] + (i + 1 < bytes.length ? BASE64[(n >> 6) & 63] : '=') + (i + 2 < bytes.length ? BASE64[n & 63] : '=');
  }
  return out;
}

/** `data:` URI of a PNG, for an SVG `<image href>`. */
export function pngDataUri(png: Uint8Array): string {
  return `data:image/png;base64,${base64(png)}`;
}

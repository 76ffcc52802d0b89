/** The PNG encoder: valid chunks and CRCs, IDAT rows that inflate to the pixels. */
import { crc32, inflateSync } from 'node:zlib';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { encodePng, pngDataUri } from '../../../../src/gtzan/report/figures/png.js';

const test = suite('gtzan/report/figures/png');

test('PNG: valid chunks and CRCs; IDAT inflates to filtered rows of the pixels', () => {
  const rgb = Uint8Array.from({ length: 3 * 2 * 3 }, (_, i) => i * 13);
  const png = Buffer.from(encodePng(3, 2, rgb));
  assert.equal(Array.from(png.subarray(0, 8)), [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let offset = 8;
  const chunks: Record<string, Buffer> = {};
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    assert.is(png.readUInt32BE(offset + 8 + length), crc32(png.subarray(offset + 4, offset + 8 + length)), `${type} CRC`);
    chunks[type] = data;
    offset += 12 + length;
  }
  assert.equal(Object.keys(chunks), ['IHDR', 'IDAT', 'IEND']);
  assert.equal([chunks.IHDR.readUInt32BE(0), chunks.IHDR.readUInt32BE(4), chunks.IHDR[8], chunks.IHDR[9]], [3, 2, 8, 2]);
  const rows = inflateSync(chunks.IDAT);
  assert.equal(Array.from(rows), [0, ...rgb.subarray(0, 9), 0, ...rgb.subarray(9)]);
  assert.throws(() => encodePng(3, 2, new Uint8Array(5)), /need 18/);
});

test('the data URI is base64 of the bytes (every padding length)', () => {
  for (const bytes of [Uint8Array.from([1]), Uint8Array.from([1, 2]), Uint8Array.from([1, 2, 3]), Uint8Array.from({ length: 256 }, (_, i) => i)]) {
    assert.is(pngDataUri(bytes), `data:image/png;base64,${Buffer.from(bytes).toString('base64')}`);
  }
});

test.run();

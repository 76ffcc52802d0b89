/** CRC-32 in plain TypeScript against zlib's on known values, every byte value and random buffers. */
import { crc32 as zlibCrc32 } from 'node:zlib';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../src/autograd/index.js';
import { crc32 } from '../../src/nn/crc32.js';

const test = suite('nn crc32');

test("equals zlib's crc32: the check value, the empty buffer, every byte, random lengths", () => {
  assert.is(crc32(new TextEncoder().encode('123456789')), 0xcbf43926, 'the CRC-32 check value');
  assert.is(crc32(new Uint8Array(0)), 0);
  const every = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.is(crc32(every), zlibCrc32(every));
  const rng = new Rng(9);
  for (const length of [1, 7, 64, 1000, 65537]) {
    const bytes = Uint8Array.from({ length }, () => rng.int(256));
    assert.is(crc32(bytes), zlibCrc32(bytes), `${length} random bytes`);
  }
});

test.run();

/** SHA-256 in plain TypeScript against node:crypto: the FIPS examples, every padding boundary, random buffers. */
import { createHash } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../src/autograd/index.js';
import { sha256, sha256Hex } from '../../src/nn/sha256.js';

const test = suite('nn sha256');
const nodeHex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

test('the FIPS 180-4 examples', () => {
  assert.is(sha256Hex(new TextEncoder().encode('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.is(sha256Hex(new Uint8Array(0)), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.is(
    sha256Hex(new TextEncoder().encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')),
    '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
  );
});

test('equals node:crypto at every length around the padding boundaries and on random buffers', () => {
  const rng = new Rng(11);
  const lengths = [1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 65537];
  for (const length of lengths) {
    const bytes = Uint8Array.from({ length }, () => rng.int(256));
    assert.is(sha256Hex(bytes), nodeHex(bytes), `${length} random bytes`);
  }
  const view = new Uint8Array(100).fill(7).subarray(3, 90);
  assert.is(sha256Hex(view), nodeHex(view), 'a view with a byte offset');
  assert.is(sha256(view).length, 32);
});

test.run();

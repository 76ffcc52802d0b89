/**
 * The chunk walk shared by WAV and AIFF: a header size that holds together bounds the form (bytes
 * after it ignored); one that disagrees with the file falls back to the end of the file with a
 * warning; a chunk past the end of the file is truncation; a data chunk of unknown size runs to the end.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readForm, type Chunk } from '../../src/dsp/iff.js';
import { chunk, concat, riff } from './corpus.js';

const s = suite('dsp iff');

const fail = (reason: string): never => {
  throw new Error(reason);
};
const hasData = (chunks: Chunk[]) => chunks.some((c) => c.id === 'data');
const read = (bytes: Uint8Array) => readForm(bytes, { magic: 'RIFF', bigEndian: false, declaredSize: new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true), complete: hasData, fail });

s('a consistent header bounds the form: no warning, trailing bytes ignored', () => {
  const file = concat(riff([chunk('fmt ', new Uint8Array(16)), chunk('data', new Uint8Array(6))]), Uint8Array.from([1, 2, 3]));
  const { chunks, warnings } = read(file);
  assert.equal(chunks.map((c) => [c.id, c.body, c.size]), [['fmt ', 20, 16], ['data', 44, 6]]);
  assert.equal(warnings, []);
});

s('a header size that disagrees: chunks read to the end of the file, one warning', () => {
  for (const size of [0, 10, 0xffffffff, 47]) {
    const { chunks, warnings } = read(riff([chunk('fmt ', new Uint8Array(16)), chunk('data', new Uint8Array(6))], size));
    assert.is(chunks.length, 2, `size ${size}`);
    assert.is(warnings.length, 1, `size ${size}`);
    assert.match(warnings[0], new RegExp(`RIFF header declares ${size + 8} bytes but the file has 50`));
  }
});

s('a chunk past the end of the file is truncation; an unknown data size runs to the end', () => {
  assert.throws(() => read(riff([chunk('fmt ', new Uint8Array(16)), chunk('data', new Uint8Array(6), { size: 8 })], 0xffffffff)), /^truncated: chunk "data" at byte 36 declares 8 bytes but only 6 remain \(the RIFF header declares 4294967303 bytes, the file has 50\)$/);
  const { chunks, warnings } = read(riff([chunk('fmt ', new Uint8Array(16)), chunk('data', new Uint8Array(6), { size: 0xffffffff })], 0xffffffff));
  assert.is(chunks[1].size, 6);
  assert.is(warnings.length, 2);
  assert.match(warnings[1], /data chunk size is 0xFFFFFFFF/);
});

s.run();

/**
 * AIFF specifics: the 80-bit extended sample rate, libsndfile's truncation of fractional rates, the
 * SSND data offset, and the warnings a COMM chunk that disagrees with its data raises. (Parity with
 * libsndfile on AIFF / AIFF-C files it wrote itself is in decode.test.ts.)
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeAiff, readExtended } from '../../src/dsp/index.js';
import { aiff, be16, extended } from './corpus.js';

const s = suite('dsp aiff');

s('readExtended: the IEEE 754 80-bit format', () => {
  const at = (bytes: number[]) => readExtended(new DataView(Uint8Array.from(bytes).buffer), 0);
  assert.is(at([0x40, 0x0e, 0xac, 0x44, 0, 0, 0, 0, 0, 0]), 44100);
  assert.is(at([0x40, 0x0d, 0xac, 0x44, 0, 0, 0, 0, 0, 0]), 22050);
  assert.is(at([0x3f, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 0]), 1);
  assert.is(at([0xbf, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 0]), -1);
  assert.ok(Number.isNaN(at([0x7f, 0xff, 0xc0, 0, 0, 0, 0, 0, 0, 0])));
  for (const sr of [8000, 11025, 96000, 22050.75, 768000]) assert.is(readExtended(new DataView(extended(sr).buffer), 0), sr);
});

s('fractional rates truncate like libsndfile; SSND offset skips its bytes; a wrong COMM frame count warns', () => {
  const q = [0, 1000, -1000, 32767, -32768, 5];
  const frac = decodeAiff(aiff(1, 16, 44100.9, be16(q)), 'frac.aiff');
  assert.is(frac.sampleRate, 44100);
  assert.match(frac.warnings[0], /sample rate 44100.9 Hz is not a whole number; read as 44100 Hz/);
  const skipped = aiff(1, 16, 22050, Uint8Array.from([9, 9, 9, 9, ...be16(q)]), { offset: 4 });
  const withOffset = decodeAiff(skipped, 'offset.aiff');
  assert.equal(Array.from(withOffset.channels[0]), q.map((x) => x / 32768));
  assert.match(withOffset.warnings[0], /COMM chunk declares 8 frames but SSND holds 6; read 6, as libsndfile does/);
});

s.run();

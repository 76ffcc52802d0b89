/**
 * Sample decoding: every encoding's scaling and byte order, and de-interleaving. (Bit-exact parity
 * with libsndfile on real files is in decode.test.ts.)
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { alawToLinear, decodeMono, decodeSamples, toMono, ulawToLinear } from '../../src/dsp/index.js';

const s = suite('dsp pcm');

s('integers scale by 2^(bits-1) in both byte orders; unsigned 8-bit is offset by 128', () => {
  const le24 = Uint8Array.from([0x00, 0x00, 0x80, 0xff, 0xff, 0x7f, 0x56, 0x34, 0x12]);
  const be24 = Uint8Array.from([0x80, 0x00, 0x00, 0x7f, 0xff, 0xff, 0x12, 0x34, 0x56]);
  const expected = [-1, 8388607 / 8388608, 0x123456 / 8388608];
  for (const [bytes, bigEndian] of [[le24, false], [be24, true]] as const) {
    const [ch] = decodeSamples(bytes, { encoding: 'int', bytesPerSample: 3, channels: 1, bigEndian });
    assert.equal(Array.from(ch), expected.map(Math.fround), `24-bit ${bigEndian ? 'BE' : 'LE'}`);
  }
  assert.equal(Array.from(decodeSamples(Uint8Array.from([0, 128, 255]), { encoding: 'uint8', bytesPerSample: 1, channels: 1, bigEndian: false })[0]), [-1, 0, 127 / 128]);
  assert.equal(Array.from(decodeSamples(Uint8Array.from([0x80, 0x7f]), { encoding: 'int', bytesPerSample: 1, channels: 1, bigEndian: true })[0]), [-1, 127 / 128]);
  const be16 = decodeSamples(Uint8Array.from([0x80, 0x00, 0x00, 0x01]), { encoding: 'int', bytesPerSample: 2, channels: 1, bigEndian: true })[0];
  assert.equal(Array.from(be16), [-1, 1 / 32768]);
});

s('G.711 through the 16-bit linear value; floats as stored; channels de-interleaved', () => {
  assert.is(ulawToLinear(0x00), -32124);
  assert.is(ulawToLinear(0xff), 0);
  assert.is(ulawToLinear(0x80), 32124);
  assert.is(alawToLinear(0xd5), 8);
  assert.is(alawToLinear(0x55), -8);
  assert.is(alawToLinear(0xaa), 32256);
  const [mu] = decodeSamples(Uint8Array.from([0x00, 0x80]), { encoding: 'ulaw', bytesPerSample: 1, channels: 1, bigEndian: false });
  assert.equal(Array.from(mu), [-32124 / 32768, 32124 / 32768].map(Math.fround));
  const f64 = new Uint8Array(Float64Array.from([0.1, -1 / 3, 2, -4]).buffer);
  const [a, b] = decodeSamples(f64, { encoding: 'float', bytesPerSample: 8, channels: 2, bigEndian: false });
  assert.equal(Array.from(a), [0.1, 2].map(Math.fround));
  assert.equal(Array.from(b), [-1 / 3, -4].map(Math.fround));
  const partial = decodeSamples(Uint8Array.from([1, 2, 3]), { encoding: 'int', bytesPerSample: 2, channels: 1, bigEndian: false });
  assert.is(partial[0].length, 1, 'a partial frame at the end is not decoded');
});

s('decodeMono equals toMono(decodeSamples(...)) value for value, for every encoding and 1-3 channels', () => {
  const bytes = Uint8Array.from({ length: 3 * 8 * 50 }, (_, i) => (i * 151 + 7) % 256);
  const layouts = [
    { encoding: 'int', bytesPerSample: 2, bigEndian: false },
    { encoding: 'int', bytesPerSample: 3, bigEndian: true },
    { encoding: 'uint8', bytesPerSample: 1, bigEndian: false },
    { encoding: 'float', bytesPerSample: 8, bigEndian: false },
    { encoding: 'ulaw', bytesPerSample: 1, bigEndian: false },
    { encoding: 'alaw', bytesPerSample: 1, bigEndian: false },
  ] as const;
  for (const layout of layouts) {
    for (const channels of [1, 2, 3]) {
      const full = { ...layout, channels };
      const frames = bytes.subarray(0, Math.floor(bytes.length / (channels * layout.bytesPerSample)) * channels * layout.bytesPerSample);
      const label = `${layout.encoding} ${layout.bytesPerSample} bytes, ${channels} channels`;
      assert.equal(Array.from(decodeMono(frames, full)), Array.from(toMono(decodeSamples(frames, full))), label);
    }
  }
});

s.run();

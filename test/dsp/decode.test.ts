/**
 * Decoder: bit-exact parity with libsndfile (what librosa.load reads) on every 8-bit code and on
 * integer/float edge values, valid layouts (EXTENSIBLE, odd chunks with pad bytes, data before fmt,
 * trailing bytes, odd .au header lengths), librosa's float32 mono mixdown, and the malformed corpus:
 * every entry must throw an AudioDecodeError naming the file in a one-line message.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AudioDecodeError, decodeAudio, readAudioFile, toMono } from '../../src/dsp/index.js';
import { expectClose } from '../util/close.js';
import { au, be16, chunk, fmtBody, malformedCorpus, pcmBytes, riff, sineInt16, wav16 } from './corpus.js';
import { EXACT, fixtureDir, loadFixture } from './helpers.js';

const s = suite('dsp decode');

s('bit-exact with libsndfile on every 8-bit code, mu-law, A-law and integer / float edge values', () => {
  const parity = loadFixture<{ files: Record<string, { sr: number; channels: number; samples: number[] }> }>('decode_parity.json');
  assert.ok(Object.keys(parity.files).length >= 12);
  for (const [name, ref] of Object.entries(parity.files)) {
    const d = readAudioFile(join(fixtureDir, 'decode', name));
    assert.is(d.originalSampleRate, ref.sr, name);
    assert.is(d.channels, ref.channels, name);
    expectClose(name, d.samples, Float32Array.from(ref.samples), EXACT);
  }
});

s('valid layouts decode to the same samples', () => {
  const q = sineInt16(1000);
  const expected = Float32Array.from(q, (x) => x / 32768);
  const fmt = chunk('fmt ', fmtBody(1, 1, 22050, 16));
  const data = chunk('data', pcmBytes(q, 16));
  const variants: [string, Uint8Array][] = [
    ['plain.wav', wav16(q)],
    ['odd-list-with-pad.wav', riff([fmt, chunk('LIST', new Uint8Array(7)), data])],
    ['data-before-fmt.wav', riff([data, fmt])],
    ['junk-and-fact-chunks.wav', riff([chunk('JUNK', new Uint8Array(28)), fmt, chunk('fact', new Uint8Array(4)), data])],
    ['trailing-bytes.wav', Uint8Array.from([...wav16(q), 1, 2, 3])],
    ['extensible.wav', riff([chunk('fmt ', fmtBody(1, 1, 22050, 16, { extensible: true })), data])],
    ['odd-header.au', au(3, 22050, 1, be16(q), { annotation: new Uint8Array(33) })],
    ['unknown-size.au', au(3, 22050, 1, be16(q), { size: 0xffffffff })],
    ['trailing-bytes.au', Uint8Array.from([...au(3, 22050, 1, be16(q)), 9, 9])],
  ];
  for (const [name, bytes] of variants) {
    const d = decodeAudio(bytes, name);
    assert.is(d.channels, 1, name);
    assert.is(d.sampleRate, 22050, name);
    expectClose(name, d.samples, expected, EXACT);
  }
});

s('multichannel audio is averaged in float32 like np.mean(y, axis=0)', () => {
  const left = Float32Array.from([0.1, 0.7, -0.3, 1e-8]);
  const right = Float32Array.from([0.2, 0.70000005, 0.3, 3]);
  const third = Float32Array.from([0.3, -0.1, 0.5, -3]);
  // float32 running sum then float32 division, e.g. fround(fround(0.1 + 0.2) + 0.3) / 3.
  const expected = left.map((l, i) => Math.fround(Math.fround(l + right[i]) + third[i]) / 3);
  expectClose('3 channels', toMono([left, right, third]), expected, EXACT);
  const q = sineInt16(200);
  const stereo = riff([chunk('fmt ', fmtBody(1, 2, 22050, 16)), chunk('data', pcmBytes(q.flatMap((x) => [x, -x >> 1]), 16))]);
  const d = decodeAudio(stereo, 'stereo.wav');
  assert.is(d.channels, 2);
  expectClose('stereo', d.samples, q.map((x) => Math.fround(Math.fround(x / 32768 + (-x >> 1) / 32768) / 2)), EXACT);
});

s('the committed fixtures decode with their declared layout', () => {
  const cases: [string, number, number][] = [
    ['tones_int16.wav', 22050, 1],
    ['float32_quiet.wav', 22050, 1],
    ['stereo24_extensible.wav', 22050, 2],
    ['resample44k.wav', 44100, 1],
    ['notes16.au', 22050, 1],
  ];
  for (const [name, sr, channels] of cases) {
    const d = readAudioFile(join(fixtureDir, 'audio', name));
    assert.is(d.originalSampleRate, sr, name);
    assert.is(d.channels, channels, name);
  }
});

s('malformed corpus: every file throws a one-line AudioDecodeError naming it', () => {
  const corpus = malformedCorpus();
  assert.ok(corpus.length > 500, `corpus has ${corpus.length} files`);
  const reasons = new Set<string>();
  for (const [name, bytes] of corpus) {
    let error: unknown = null;
    let decoded = null;
    try {
      decoded = decodeAudio(bytes, name);
    } catch (err) {
      error = err;
    }
    assert.ok(decoded === null, `${name} decoded to ${decoded?.samples.length} samples instead of failing`);
    assert.instance(error, AudioDecodeError, `${name}: ${String(error)}`);
    const e = error as AudioDecodeError;
    assert.is(e.file, name);
    assert.is(e.message, `${name}: ${e.reason}`);
    assert.not.match(e.message, /\n/);
    reasons.add(e.reason.replace(/\d+/g, 'N'));
  }
  assert.ok(reasons.size >= 30, `only ${reasons.size} distinct reasons`);
});

s('readAudioFile: unreadable paths are AudioDecodeErrors too', () => {
  const missing = join(fixtureDir, 'no-such-file.wav');
  try {
    readAudioFile(missing);
    assert.unreachable('should throw');
  } catch (err) {
    assert.instance(err, AudioDecodeError);
    assert.is((err as AudioDecodeError).file, missing);
    assert.match((err as AudioDecodeError).message, /ENOENT/);
  }
  assert.throws(() => readAudioFile(fixtureDir), (err: unknown) => err instanceof AudioDecodeError && /EISDIR/.test((err as Error).message));
  // A real file read by path gives the same result as decoding its bytes.
  const path = join(fixtureDir, 'audio', 'notes16.au');
  expectClose('path vs bytes', readAudioFile(path).samples, decodeAudio(readFileSync(path), path).samples, EXACT);
});

s.run();

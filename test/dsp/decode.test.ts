/**
 * Decoder: bit-exact parity with libsndfile (what librosa.load reads) on every 8-bit code and on
 * integer/float edge values, and on every other layout it reads (mu-law / A-law WAV, RIFX, RF64,
 * AIFF, AIFF-C, 12- and 20-bit PCM, sloppy RIFF sizes; files written by libsndfile itself and by
 * hand), valid layouts (EXTENSIBLE, odd chunks with pad bytes, data before fmt, trailing bytes, odd
 * .au header lengths), sloppy headers that decode with a warning, the sample-rate limits, librosa's
 * float32 mono mixdown, and the malformed corpus: every entry must throw an AudioDecodeError naming
 * the file in a one-line message.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AudioDecodeError, decodeAudio, decodeMonoPcm, decodePcm, MAX_SAMPLE_RATE, MIN_SAMPLE_RATE, readAudioFile, toMono } from '../../src/dsp/index.js';
import { expectClose } from '../util/close.js';
import { au, be16, chunk, fmtBody, malformedCorpus, pcmBytes, riff, sineInt16, sloppyCorpus, wav16 } from './corpus.js';
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

/** decode_parity.json's `layouts`: each file's rate and channels as soundfile reads them. */
type Layouts = Record<string, { sr: number; channels: number[][] }>;

/** Files of `layouts` that must decode with a warning (sizes that disagree, a fractional rate, a frame count that disagrees). */
const WARNS = /riff_size|data_size|fractional|frames_disagree/;

s('every other layout bit-exact with libsndfile, each channel at its own rate; warnings only for sloppy headers', () => {
  const { layouts } = loadFixture<{ layouts: Layouts }>('decode_parity.json');
  const names = Object.keys(layouts);
  assert.ok(names.length >= 36, `${names.length} layouts`);
  for (const kind of ['sf_aiff_', 'sf_rf64_', 'sf_rifx_', 'sf_wav_ulaw', 'sf_wav_alaw', 'aifc_', 'pcm12', 'pcm20', 'riff_size']) {
    assert.ok(names.some((n) => n.startsWith(kind)), `no ${kind} file`);
  }
  for (const [name, ref] of Object.entries(layouts)) {
    const pcm = decodePcm(readFileSync(join(fixtureDir, 'decode', name)), name);
    assert.is(pcm.sampleRate, ref.sr, `${name} rate`);
    assert.is(pcm.channels.length, ref.channels.length, `${name} channels`);
    ref.channels.forEach((ch, c) => expectClose(`${name} channel ${c}`, pcm.channels[c], Float32Array.from(ch), EXACT));
    if (WARNS.test(name)) assert.ok(pcm.warnings.length > 0, `${name}: expected a warning`);
    else assert.equal(pcm.warnings, [], `${name}: unexpected warnings`);
    assert.ok(pcm.warnings.every((w) => w.length > 0 && !w.includes('\n')), `${name}: warnings are single lines`);
  }
});

s('sloppy headers that other readers accept decode to the clean samples, with a warning when a field was wrong', () => {
  const clean = decodeAudio(wav16(sineInt16(600)), 'clean.wav');
  assert.equal(clean.warnings, []);
  const cases = sloppyCorpus();
  assert.ok(cases.length >= 10);
  for (const [name, bytes, warns] of cases) {
    const d = decodeAudio(bytes, name);
    expectClose(name, d.samples, clean.samples, EXACT);
    if (warns) assert.ok(d.warnings.length > 0, `${name}: expected a warning`);
    else assert.equal(d.warnings, [], `${name}: unexpected warnings`);
  }
  const short = decodeAudio(sloppyCorpus().find(([n]) => n === 'riff-size-short.wav')![1], 'short.wav');
  assert.match(short.warnings[0], /RIFF header declares 1144 bytes but the file has 1244; read the chunks to the end of the file/);
});

s('sample rates outside 1-768 kHz are refused by every format; the limits themselves decode', () => {
  const q = sineInt16(2000);
  const at = (sr: number) => riff([chunk('fmt ', fmtBody(1, 1, sr, 16)), chunk('data', pcmBytes(q, 16))]);
  for (const sr of [2, MIN_SAMPLE_RATE - 1, MAX_SAMPLE_RATE + 1, 0xfffffff]) {
    assert.throws(() => decodeAudio(at(sr), `rate-${sr}.wav`), (err: unknown) => err instanceof AudioDecodeError && err.reason === `unsupported sample rate ${sr} Hz: outside 1000-768000 Hz`);
    assert.throws(() => decodeAudio(au(3, sr, 1, be16(q)), `rate-${sr}.au`), /outside 1000-768000 Hz/);
  }
  assert.is(decodeAudio(at(MIN_SAMPLE_RATE), 'min.wav').samples.length, Math.ceil((q.length * 22050) / MIN_SAMPLE_RATE));
  assert.is(decodeAudio(at(MAX_SAMPLE_RATE), 'max.wav').samples.length, Math.ceil((q.length * 22050) / MAX_SAMPLE_RATE));
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

s('decodeMonoPcm gives toMono(decodePcm(...)) at the file\'s own rate, and the same errors', () => {
  const stereo = riff([chunk('fmt ', fmtBody(1, 2, 44100, 16)), chunk('data', pcmBytes(Array.from({ length: 400 }, (_, i) => (i * 997) % 30000 - 15000), 16))]);
  const mono = decodeMonoPcm(stereo, 'stereo.wav');
  assert.equal(Array.from(mono.samples), Array.from(toMono(decodePcm(stereo, 'stereo.wav').channels)));
  assert.is(mono.sampleRate, 44100);
  assert.is(mono.channels, 2);
  assert.throws(() => decodeMonoPcm(stereo.subarray(0, 30), 'cut.wav'), (err: unknown) => err instanceof AudioDecodeError && err.file === 'cut.wav');
});

s.run();

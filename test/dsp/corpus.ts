/**
 * Builders for WAV / RF64 / AIFF / .au byte streams, the malformed-file corpus of the decoder tests
 * (also run through `bench/features.js` by test/bench/features.test.ts) and the corpus of sloppy but
 * readable headers. Every malformed entry must fail with an `AudioDecodeError` naming the file; none
 * may decode to a (short) signal.
 */

/** Little-endian RIFF chunk: id, size, body, pad byte when the size is odd (unless `pad` is false). */
export function chunk(id: string, body: Uint8Array, { size = body.length, pad = true } = {}): Uint8Array {
  const out = new Uint8Array(8 + body.length + (pad && body.length % 2 ? 1 : 0));
  out.set([...id].map((c) => c.charCodeAt(0)));
  new DataView(out.buffer).setUint32(4, size >>> 0, true);
  out.set(body, 8);
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A RIFF/WAVE file around the given chunks; `riffSize` overrides the header's size field. */
export function riff(chunks: Uint8Array[], riffSize?: number, form = 'WAVE'): Uint8Array {
  const body = concat(...chunks);
  const head = new Uint8Array(12);
  head.set([...`RIFF----${form}`].map((c) => c.charCodeAt(0)));
  new DataView(head.buffer).setUint32(4, (riffSize ?? 4 + body.length) >>> 0, true);
  return concat(head, body);
}

/** fmt chunk body: plain (16 bytes) or WAVE_FORMAT_EXTENSIBLE (40 bytes) with sub-format `tag`. */
export function fmtBody(tag: number, channels: number, sr: number, bits: number, { extensible = false, blockAlign = (channels * bits) / 8, guidTail = [0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71] } = {}): Uint8Array {
  const out = new Uint8Array(extensible ? 40 : 16);
  const v = new DataView(out.buffer);
  v.setUint16(0, extensible ? 0xfffe : tag, true);
  v.setUint16(2, channels, true);
  v.setUint32(4, sr, true);
  v.setUint32(8, sr * blockAlign, true);
  v.setUint16(12, blockAlign, true);
  v.setUint16(14, bits, true);
  if (extensible) {
    v.setUint16(16, 22, true);
    v.setUint16(18, bits, true);
    v.setUint32(20, (1 << channels) - 1, true);
    v.setUint16(24, tag, true);
    out.set(guidTail, 26);
  }
  return out;
}

/** Interleaved integer PCM bytes (8-bit unsigned, others signed little-endian). */
export function pcmBytes(q: number[], bits: number): Uint8Array {
  const bytes = bits / 8;
  const out = new Uint8Array(q.length * bytes);
  q.forEach((x, i) => {
    const u = bits === 8 ? x + 128 : x;
    for (let b = 0; b < bytes; b++) out[i * bytes + b] = (u >> (8 * b)) & 0xff;
  });
  return out;
}

/** `n` int16 samples of a 440 Hz sine at 22050 Hz. */
export function sineInt16(n: number, amplitude = 12000): number[] {
  return Array.from({ length: n }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * 440 * i) / 22050)));
}

/** A valid 16-bit mono 22050 Hz WAV of `q`. */
export function wav16(q: number[]): Uint8Array {
  return riff([chunk('fmt ', fmtBody(1, 1, 22050, 16)), chunk('data', pcmBytes(q, 16))]);
}

/** A Sun .au file: 24-byte big-endian header, `annotation`, data (`size` overrides the size field). */
export function au(encoding: number, sr: number, channels: number, data: Uint8Array, { annotation = new Uint8Array(4), size = data.length, offset = 24 + annotation.length }: { annotation?: Uint8Array; size?: number; offset?: number } = {}): Uint8Array {
  const head = new Uint8Array(24);
  const v = new DataView(head.buffer);
  v.setUint32(0, 0x2e736e64);
  v.setUint32(4, offset);
  v.setUint32(8, size >>> 0);
  v.setUint32(12, encoding);
  v.setUint32(16, sr);
  v.setUint32(20, channels);
  return concat(head, annotation, data);
}

/** Big-endian int16 bytes. */
export function be16(q: number[]): Uint8Array {
  const out = new Uint8Array(q.length * 2);
  const v = new DataView(out.buffer);
  q.forEach((x, i) => v.setInt16(2 * i, x));
  return out;
}

/** An 80-bit IEEE extended float (the AIFF sample rate), big-endian. */
export function extended(x: number): Uint8Array {
  const out = new Uint8Array(10);
  const v = new DataView(out.buffer);
  if (Number.isNaN(x)) {
    v.setUint16(0, 0x7fff);
    v.setUint32(2, 0xc0000000);
  } else if (x !== 0) {
    const e = Math.floor(Math.log2(x));
    const m = x / 2 ** e; // [1, 2)
    v.setUint16(0, e + 16383);
    v.setUint32(2, Math.floor(m * 2 ** 31) >>> 0);
    v.setUint32(6, Math.round((m * 2 ** 31 - Math.floor(m * 2 ** 31)) * 2 ** 32) >>> 0);
  }
  return out;
}

/** Big-endian IFF chunk with its pad byte. */
export function iffChunk(id: string, body: Uint8Array, size = body.length): Uint8Array {
  const out = new Uint8Array(8 + body.length + (body.length % 2));
  out.set([...id].map((c) => c.charCodeAt(0)));
  new DataView(out.buffer).setUint32(4, size >>> 0);
  out.set(body, 8);
  return out;
}

/** Options of `aiff`: defects to build and the AIFF-C compression type. */
interface AiffOptions {
  form?: string;
  compression?: string;
  comm?: boolean;
  comms?: number;
  commSize?: number;
  ssnd?: boolean;
  ssndSize?: number;
  offset?: number;
  formSize?: number;
}

/** An AIFF file (or AIFF-C with `compression`) of `data`; the options build broken variants. */
export function aiff(channels: number, bits: number, sr: number, data: Uint8Array, o: AiffOptions = {}): Uint8Array {
  const compression = o.compression;
  const width = compression === 'ulaw' || compression === 'alaw' ? 1 : Math.ceil(bits / 8);
  const frames = channels > 0 ? Math.floor(data.length / (channels * width)) : 0;
  let comm = concat(Uint8Array.from([channels >> 8, channels & 0xff, frames >>> 24, (frames >>> 16) & 0xff, (frames >>> 8) & 0xff, frames & 0xff, bits >> 8, bits & 0xff]), extended(sr));
  if (compression) comm = concat(comm, Uint8Array.from([...compression.padEnd(4)].map((c) => c.charCodeAt(0))), Uint8Array.from([0, 0]));
  if (o.commSize !== undefined) comm = comm.subarray(0, o.commSize);
  const ssndHead = new Uint8Array(8);
  new DataView(ssndHead.buffer).setUint32(0, o.offset ?? 0);
  const ssndBody = concat(ssndHead, data);
  const chunks: Uint8Array[] = [];
  if (compression) chunks.push(iffChunk('FVER', Uint8Array.from([0xa2, 0x80, 0x51, 0x40])));
  for (let i = 0; o.comm !== false && i < (o.comms ?? 1); i++) chunks.push(iffChunk('COMM', comm));
  if (o.ssnd !== false) chunks.push(iffChunk('SSND', ssndBody, o.ssndSize ?? ssndBody.length));
  const body = concat(...chunks);
  const head = new Uint8Array(12);
  head.set([...`FORM----${o.form ?? (compression ? 'AIFC' : 'AIFF')}`].map((c) => c.charCodeAt(0)));
  new DataView(head.buffer).setUint32(4, (o.formSize ?? 4 + body.length) >>> 0);
  return concat(head, body);
}

/** An RF64 file: ds64 (64-bit RIFF and data sizes) then the given chunks; RIFF size 0xFFFFFFFF. */
export function rf64(fmt: Uint8Array, data: Uint8Array, { ds64Size = 28, dataSize }: { ds64Size?: number; dataSize?: number } = {}): Uint8Array {
  const ds64 = new Uint8Array(ds64Size);
  const body = 4 + 8 + ds64Size + fmt.length + data.length;
  const v = new DataView(ds64.buffer);
  if (ds64Size >= 24) {
    v.setUint32(0, body, true);
    v.setUint32(8, dataSize ?? data.length - 8 - (data.length % 2 === 1 ? 1 : 0), true);
  }
  const head = new Uint8Array(12);
  head.set([...'RF64----WAVE'].map((c) => c.charCodeAt(0)));
  new DataView(head.buffer).setUint32(4, 0xffffffff, true);
  return concat(head, chunk('ds64', ds64), fmt, data);
}

/**
 * Files that other readers accept although a header field is wrong, each `[name, bytes, warns]`:
 * they must decode to exactly the samples of the clean file, with a warning when `warns`.
 * The clean file is `wav16(sineInt16(600))`.
 */
export function sloppyCorpus(): [string, Uint8Array, boolean][] {
  const q = sineInt16(600);
  const data16 = pcmBytes(q, 16);
  const fmt16 = chunk('fmt ', fmtBody(1, 1, 22050, 16));
  const riffSize = 4 + fmt16.length + 8 + data16.length;
  return [
    ['riff-size-plus-1.wav', riff([fmt16, chunk('data', data16)], riffSize + 1), true],
    ['riff-size-huge.wav', riff([fmt16, chunk('data', data16)], 0xffffffff), true],
    ['riff-size-short.wav', riff([fmt16, chunk('data', data16)], riffSize - 100), true],
    ['riff-size-zero.wav', riff([fmt16, chunk('data', data16)], 0), true],
    ['riff-size-12-short.wav', riff([fmt16, chunk('JUNK', new Uint8Array(12)), chunk('data', data16)], riffSize + 8), true],
    ['data-size-unknown.wav', riff([fmt16, chunk('data', data16, { size: 0xffffffff })], 0xffffffff), true],
    ['riff-size-right-trailing-junk.wav', concat(riff([fmt16, chunk('data', data16)]), randomBytes(7, 3)), false],
    ['list-before-data.wav', riff([fmt16, chunk('LIST', new Uint8Array(4)), chunk('data', data16)]), false],
    ['aiff-form-size-zero.aiff', aiff(1, 16, 22050, be16(q), { formSize: 0 }), true],
    ['rf64.wav', rf64(fmt16, chunk('data', data16, { size: 0xffffffff })), false],
  ];
}

/** Deterministic pseudo-random bytes. */
export function randomBytes(n: number, seed: number): Uint8Array {
  let state = seed >>> 0;
  return Uint8Array.from({ length: n }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state >>> 24;
  });
}

/**
 * The malformed-file corpus: `[name, bytes]` pairs, every one undecodable. Truncations of valid
 * files (WAV, RF64, AIFF, AIFF-C, .au) at many offsets, chunks that run past the end of the file,
 * wrong chunk sizes, random bytes, odd chunks without their pad byte, empty data, unsupported
 * encodings, sample rates outside 1-768 kHz, missing or repeated chunks, broken .au and AIFF headers,
 * non-finite floats. (RIFF sizes that merely disagree with the file are in `sloppyCorpus`.)
 */
export function malformedCorpus(): [string, Uint8Array][] {
  const q = sineInt16(600);
  const data16 = pcmBytes(q, 16);
  const fmt16 = chunk('fmt ', fmtBody(1, 1, 22050, 16));
  const good: Record<string, Uint8Array> = {
    'mono16.wav': wav16(q),
    'stereo24x.wav': riff([chunk('fmt ', fmtBody(1, 2, 22050, 24, { extensible: true })), chunk('LIST', new Uint8Array(5)), chunk('data', pcmBytes(q, 24))]),
    'float32.wav': riff([chunk('fmt ', fmtBody(3, 1, 44100, 32)), chunk('data', new Uint8Array(Float32Array.from(q, (x) => x / 32768).buffer))]),
    'mono16.au': au(3, 22050, 1, be16(q), { annotation: new Uint8Array(13) }),
    'stereo16.aiff': aiff(2, 16, 44100, be16(q)),
    'ulaw.aifc': aiff(1, 16, 22050, be16(q), { compression: 'ulaw' }),
    'mono16-rf64.wav': rf64(fmt16, chunk('data', data16)),
  };
  const corpus: [string, Uint8Array][] = [];
  for (const [name, bytes] of Object.entries(good)) {
    const cuts = new Set<number>();
    for (let i = 0; i < Math.min(bytes.length, 96); i++) cuts.add(i);
    for (let i = 0; i < 40; i++) cuts.add(Math.floor((bytes.length * i) / 40));
    cuts.add(bytes.length - 1);
    for (const cut of cuts) corpus.push([`truncated-${cut}-${name}`, bytes.subarray(0, cut)]);
  }
  const sizes: [string, Uint8Array][] = [
    ['data-size-plus-2.wav', riff([fmt16, chunk('data', data16, { size: data16.length + 2 })])],
    ['data-size-huge.wav', riff([fmt16, chunk('data', data16, { size: 0x7fffffff })])],
    ['data-size-minus-2.wav', riff([fmt16, chunk('data', data16, { size: data16.length - 2 })])],
    ['data-size-odd.wav', riff([fmt16, chunk('data', data16, { size: data16.length - 1 })])],
    ['data-size-minus-100.wav', riff([fmt16, chunk('data', data16, { size: data16.length - 100 })])],
    ['fmt-size-14.wav', riff([chunk('fmt ', fmtBody(1, 1, 22050, 16).subarray(0, 14)), chunk('data', data16)])],
    ['fmt-size-18-declared.wav', riff([chunk('fmt ', fmtBody(1, 1, 22050, 16), { size: 18 }), chunk('data', data16)])],
    ['fmt-size-huge.wav', riff([chunk('fmt ', fmtBody(1, 1, 22050, 16), { size: 1 << 30 }), chunk('data', data16)])],
    ['odd-chunk-without-pad.wav', riff([fmt16, chunk('LIST', new Uint8Array(5), { pad: false }), chunk('data', data16)])],
    ['zero-length-data.wav', riff([fmt16, chunk('data', new Uint8Array(0))])],
    ['no-data.wav', riff([fmt16, chunk('LIST', new Uint8Array(4))])],
    ['no-fmt.wav', riff([chunk('data', data16)])],
    ['two-fmt.wav', riff([fmt16, fmt16, chunk('data', data16)])],
    ['two-data.wav', riff([fmt16, chunk('data', data16), chunk('data', data16)])],
    ['header-only.wav', riff([])],
    ['adpcm.wav', riff([chunk('fmt ', fmtBody(2, 1, 22050, 4, { blockAlign: 256 })), chunk('data', data16)])],
    ['mp3-in-wav.wav', riff([chunk('fmt ', fmtBody(0x55, 1, 22050, 0, { blockAlign: 1 })), chunk('data', data16)])],
    ['float16.wav', riff([chunk('fmt ', fmtBody(3, 1, 22050, 16)), chunk('data', data16)])],
    ['extensible-bad-guid.wav', riff([chunk('fmt ', fmtBody(1, 1, 22050, 16, { extensible: true, guidTail: new Array(14).fill(7) })), chunk('data', data16)])],
    ['extensible-short.wav', riff([chunk('fmt ', fmtBody(1, 1, 22050, 16, { extensible: true }).subarray(0, 24)), chunk('data', data16)])],
    ['zero-channels.wav', riff([chunk('fmt ', fmtBody(1, 0, 22050, 16, { blockAlign: 2 })), chunk('data', data16)])],
    ['zero-rate.wav', riff([chunk('fmt ', fmtBody(1, 1, 0, 16)), chunk('data', data16)])],
    ['irregular-rate-192001.wav', riff([chunk('fmt ', fmtBody(1, 1, 192001, 16)), chunk('data', data16)])],
    ['rate-4ghz.wav', riff([chunk('fmt ', fmtBody(1, 1, 0xffffffff, 16, { blockAlign: 2 })), chunk('data', data16)])],
    ['au-rate-4ghz.au', au(3, 0xffffffff, 1, be16(q))],
    ['block-align-mismatch.wav', riff([chunk('fmt ', fmtBody(1, 2, 22050, 16, { blockAlign: 2 })), chunk('data', data16)])],
    ['stereo-partial-frame.wav', riff([chunk('fmt ', fmtBody(1, 2, 22050, 16)), chunk('data', data16.subarray(0, 1198))])],
    ['nan-float.wav', riff([chunk('fmt ', fmtBody(3, 1, 22050, 32)), chunk('data', new Uint8Array(Float32Array.from([0.1, NaN, 0.2, 0.3]).buffer))])],
    ['inf-double.wav', riff([chunk('fmt ', fmtBody(3, 1, 22050, 64)), chunk('data', new Uint8Array(Float64Array.from([0.1, -Infinity]).buffer))])],
    ['binary-chunk-id.wav', riff([fmt16, concat(Uint8Array.from([1, 2, 3, 4, 4, 0, 0, 0, 0, 0, 0, 0])), chunk('data', data16)])],
    ['rifx.wav', Uint8Array.from([...'RIFX'].map((c) => c.charCodeAt(0)).concat(Array.from(good['mono16.wav'].subarray(4))))],
    ['rf64.wav', Uint8Array.from([...'RF64'].map((c) => c.charCodeAt(0)).concat(Array.from(good['mono16.wav'].subarray(4))))],
    ['avi-form.wav', riff([fmt16, chunk('data', data16)], undefined, 'AVI ')],
    ['au-truncated-data.au', au(3, 22050, 1, be16(q), { size: 2 * q.length + 2 })],
    ['au-offset-small.au', au(3, 22050, 1, be16(q), { offset: 12 })],
    ['au-offset-past-end.au', au(3, 22050, 1, be16(q), { offset: 100000 })],
    ['au-zero-data.au', au(3, 22050, 1, new Uint8Array(0))],
    ['au-partial-frame.au', au(3, 22050, 2, be16(q).subarray(0, 1198))],
    ['au-unknown-size-partial.au', au(3, 22050, 1, be16(q).subarray(0, 1199), { size: 0xffffffff })],
    ['au-g721.au', au(23, 22050, 1, be16(q))],
    ['au-encoding-0.au', au(0, 22050, 1, be16(q))],
    ['au-zero-rate.au', au(3, 0, 1, be16(q))],
    ['au-zero-channels.au', au(3, 22050, 0, be16(q))],
    ['au-nan-float.au', au(6, 22050, 1, Uint8Array.from([0x7f, 0xc0, 0, 0]))],
    ['au-header-only.au', au(3, 22050, 1, new Uint8Array(0)).subarray(0, 20)],
    ['data-past-eof-riff-size-short.wav', riff([fmt16, chunk('data', data16, { size: data16.length + 40 })], 20)],
    ['data-past-eof-riff-size-zero.wav', riff([fmt16, chunk('data', data16, { size: data16.length + 2 })], 0)],
    ['mulaw-16-bits.wav', riff([chunk('fmt ', fmtBody(7, 1, 22050, 16)), chunk('data', data16)])],
    ['alaw-4-bits.wav', riff([chunk('fmt ', fmtBody(6, 1, 22050, 4, { blockAlign: 1 })), chunk('data', data16)])],
    ['pcm-40-bits.wav', riff([chunk('fmt ', fmtBody(1, 1, 22050, 40, { blockAlign: 5 })), chunk('data', data16.subarray(0, 1000))])],
    ['pcm12-block-align-1.wav', riff([chunk('fmt ', fmtBody(1, 1, 22050, 12, { blockAlign: 1 })), chunk('data', data16)])],
    ['rate-2hz.wav', riff([chunk('fmt ', fmtBody(1, 1, 2, 16)), chunk('data', data16)])],
    ['rate-999hz.wav', riff([chunk('fmt ', fmtBody(1, 1, 999, 16)), chunk('data', data16)])],
    ['rate-768001hz.wav', riff([chunk('fmt ', fmtBody(1, 1, 768001, 16)), chunk('data', data16)])],
    ['au-rate-500hz.au', au(3, 500, 1, be16(q))],
    ['rf64-short-ds64.wav', rf64(fmt16, chunk('data', data16), { ds64Size: 16 })],
    ['rf64-data-past-eof.wav', rf64(fmt16, chunk('data', data16, { size: 0xffffffff }), { dataSize: data16.length + 10 })],
    ['aiff-form-type.aiff', aiff(1, 16, 22050, be16(q), { form: 'AIFX' })],
    ['aiff-no-ssnd.aiff', aiff(1, 16, 22050, be16(q), { ssnd: false })],
    ['aiff-no-comm.aiff', aiff(1, 16, 22050, be16(q), { comm: false })],
    ['aiff-two-comm.aiff', aiff(1, 16, 22050, be16(q), { comms: 2 })],
    ['aiff-zero-channels.aiff', aiff(0, 16, 22050, be16(q))],
    ['aiff-rate-zero.aiff', aiff(1, 16, 0, be16(q))],
    ['aiff-rate-nan.aiff', aiff(1, 16, NaN, be16(q))],
    ['aiff-rate-2hz.aiff', aiff(1, 16, 2, be16(q))],
    ['aiff-33-bits.aiff', aiff(1, 33, 22050, be16(q))],
    ['aiff-short-comm.aiff', aiff(1, 16, 22050, be16(q), { commSize: 12 })],
    ['aifc-short-comm.aiff', aiff(1, 16, 22050, be16(q), { compression: 'NONE', commSize: 18 })],
    ['aifc-ima4.aiff', aiff(1, 16, 22050, be16(q), { compression: 'ima4' })],
    ['aiff-ssnd-offset-past-end.aiff', aiff(1, 16, 22050, be16(q), { offset: 5000 })],
    ['aiff-ssnd-empty.aiff', aiff(1, 16, 22050, new Uint8Array(0))],
    ['aiff-partial-frame.aiff', aiff(2, 16, 22050, be16(q).subarray(0, 1198))],
    ['aiff-ssnd-past-eof.aiff', aiff(1, 16, 22050, be16(q), { ssndSize: 2 * q.length + 20 })],
    ['aiff-nan-float.aiff', aiff(1, 32, 22050, Uint8Array.from([0x7f, 0xc0, 0, 0]), { compression: 'fl32' })],
    ['empty.wav', new Uint8Array(0)],
    ['text.wav', Uint8Array.from([...'hello, this is not audio\n'].map((c) => c.charCodeAt(0)))],
  ];
  corpus.push(...sizes);
  for (let i = 0; i < 40; i++) corpus.push([`random-${i}.bin`, randomBytes(1 + ((i * 97) % 3000), i + 1)]);
  for (let i = 0; i < 20; i++) {
    const tail = randomBytes(8 + i * 50, 1000 + i);
    corpus.push([`random-riff-${i}.wav`, concat(Uint8Array.from([...'RIFF'].map((c) => c.charCodeAt(0))), tail)]);
    corpus.push([`random-wave-${i}.wav`, riff([tail])]);
    corpus.push([`random-snd-${i}.au`, concat(Uint8Array.from([0x2e, 0x73, 0x6e, 0x64]), tail)]);
  }
  return corpus;
}

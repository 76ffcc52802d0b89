/**
 * `deflateSync` for the browser bundle of the PNG encoder: a zlib stream (RFC 1950) of stored
 * (uncompressed) deflate blocks (RFC 1951, BTYPE 00, at most 65535 bytes each) and the Adler-32 of
 * the data. Valid for every PNG reader; larger than node:zlib's output, which the Node build keeps.
 */
export function deflateSync(data: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(data.length / 65535));
  const out = new Uint8Array(2 + 5 * blocks + data.length + 4);
  out[0] = 0x78;
  out[1] = 0x01;
  let at = 2;
  for (let b = 0; b < blocks; b++) {
    const chunk = data.subarray(b * 65535, Math.min(data.length, (b + 1) * 65535));
    out[at] = b === blocks - 1 ? 1 : 0;
    out[at + 1] = chunk.length & 0xff;
    out[at + 2] = chunk.length >> 8;
    out[at + 3] = ~chunk.length & 0xff;
    out[at + 4] = (~chunk.length >> 8) & 0xff;
    out.set(chunk, at + 5);
    at += 5 + chunk.length;
  }
  let a = 1;
  let s = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    s = (s + a) % 65521;
  }
  new DataView(out.buffer).setUint32(at, ((s << 16) | a) >>> 0);
  return out;
}

/**
 * CRC-32 (the IEEE 802.3 polynomial, reflected: zlib's `crc32`, PNG's and ZIP's), the checksum of
 * the model file's payload and of `.npz` entries. Table-driven, a byte at a time:
 *   crc ← table[(crc ⊕ byte) & 0xff] ⊕ (crc ≫ 8), from 0xffffffff, inverted at the end.
 * Plain TypeScript, so the model format needs no Node module and runs in a browser.
 */

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 of `bytes` as an unsigned 32-bit integer (equal to `zlib.crc32(bytes)`). */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

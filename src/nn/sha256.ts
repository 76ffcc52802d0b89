/**
 * SHA-256 (FIPS 180-4) in plain TypeScript, the checksum of tunegrad's tensor files
 * (`tensor-file.ts`): no Node module, so the files are checked the same way in a browser.
 * Per 64-byte block, with the message schedule
 *   w[t] = σ1(w[t−2]) + w[t−7] + σ0(w[t−15]) + w[t−16]   (t = 16 … 63),
 *   σ0(x) = (x ⋙ 7) ⊕ (x ⋙ 18) ⊕ (x ≫ 3),  σ1(x) = (x ⋙ 17) ⊕ (x ⋙ 19) ⊕ (x ≫ 10),
 * 64 rounds of
 *   T1 = h + Σ1(e) + Ch(e, f, g) + K[t] + w[t],  T2 = Σ0(a) + Maj(a, b, c),
 *   Σ0(a) = (a ⋙ 2) ⊕ (a ⋙ 13) ⊕ (a ⋙ 22),  Σ1(e) = (e ⋙ 6) ⊕ (e ⋙ 11) ⊕ (e ⋙ 25),
 * all modulo 2³²; the message is padded with 0x80, zeros and its bit length as a 64-bit big-endian integer.
 * Equal to `createHash('sha256')` of node:crypto and Python's `hashlib.sha256`.
 */

/** The first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const K = Uint32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
  0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
  0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
  0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** The first 32 bits of the fractional parts of the square roots of the first 8 primes. */
const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

function rotr(x: number, n: number): number {
  return (x >>> n) | (x << (32 - n));
}

/** The 32-byte digest of `bytes`. */
export function sha256(bytes: Uint8Array): Uint8Array {
  const h = Uint32Array.from(H0);
  const w = new Uint32Array(64);
  const fullBlocks = Math.floor(bytes.length / 64);
  const tail = new Uint8Array(bytes.length % 64 < 56 ? 64 : 128);
  tail.set(bytes.subarray(fullBlocks * 64));
  tail[bytes.length % 64] = 0x80;
  const bits = bytes.length * 8;
  const tailView = new DataView(tail.buffer);
  tailView.setUint32(tail.length - 8, Math.floor(bits / 2 ** 32), false);
  tailView.setUint32(tail.length - 4, bits >>> 0, false);

  const compress = (block: Uint8Array, at: number): void => {
    for (let t = 0; t < 16; t++) {
      const i = at + 4 * t;
      w[t] = ((block[i] << 24) | (block[i + 1] << 16) | (block[i + 2] << 8) | block[i + 3]) >>> 0;
    }
    for (let t = 16; t < 64; t++) {
      const s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >>> 3);
      const s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >>> 10);
      w[t] = (s1 + w[t - 7] + s0 + w[t - 16]) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let t = 0; t < 64; t++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t]) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  };

  for (let k = 0; k < fullBlocks; k++) compress(bytes, 64 * k);
  for (let at = 0; at < tail.length; at += 64) compress(tail, at);
  const digest = new Uint8Array(32);
  const view = new DataView(digest.buffer);
  h.forEach((word, i) => view.setUint32(4 * i, word, false));
  return digest;
}

/** The digest of `bytes` as 64 lower-case hex digits. */
export function sha256Hex(bytes: Uint8Array): string {
  return Array.from(sha256(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

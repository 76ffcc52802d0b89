/** Test helpers for tensor files: re-sign an edited file, so that checks behind the checksum can be reached; expect a refusal. */
import * as assert from 'uvu/assert';
import { sha256Hex, TensorFileError } from '../../src/nn/index.js';

const DIGITS_AT = 8 + '{"__metadata__":{"sha256":"'.length;

/** A copy of `bytes` with its checksum recomputed (as a writer that ignores tunegrad's checks would). */
export function resign(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  out.fill(0x30, DIGITS_AT, DIGITS_AT + 64);
  out.set(new TextEncoder().encode(sha256Hex(out)), DIGITS_AT);
  return out;
}

/** Replace the first occurrence of `from` in the JSON header by `to` (the header length follows), then re-sign. */
export function editHeader(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  const header = new TextDecoder().decode(bytes.subarray(8, 8 + n));
  if (!header.includes(from)) throw new Error(`editHeader: ${JSON.stringify(from)} is not in the header`);
  const json = new TextEncoder().encode(header.replace(from, to));
  const out = new Uint8Array(8 + json.length + bytes.length - 8 - n);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(bytes.subarray(8 + n), 8 + json.length);
  return resign(out);
}

/** The one-line `TensorFileError` message `decode(bytes)` fails with; a file that loads fails the test. */
export function refusal(decode: (bytes: Uint8Array) => unknown, bytes: Uint8Array, label: string): string {
  try {
    decode(bytes);
  } catch (err) {
    assert.instance(err, TensorFileError, label);
    assert.not.match((err as Error).message, /\n/, `${label}: one line`);
    return (err as Error).message;
  }
  assert.unreachable(`${label}: the damaged file loaded`);
  return '';
}

/**
 * tunegrad's tensor file: named float32/float64 tensors plus string metadata in the safetensors
 * layout, so Python opens the arrays with `safetensors.safe_open(path, 'np')`, and with a SHA-256
 * over every byte of the file, so no edit anywhere (header or payload) goes unnoticed.
 *
 * Layout (safetensors):
 *   bytes 0..7      uint64 little-endian N, the header's byte length
 *   bytes 8..8+N    UTF-8 JSON header, padded with spaces so the payload starts at a multiple of 8:
 *                   {"__metadata__": {"sha256": "<64 hex>", key: value, …},
 *                    "<tensor name>": {"dtype": "F32" | "F64", "shape": [d0, …], "data_offsets": [begin, end]}, …}
 *   then the payload: each tensor's values, little-endian, at payload bytes begin..end, the tensors
 *   back to back in header order from byte 0 to the end of the file (what safetensors checks).
 * Checksum: the header begins with exactly `{"__metadata__":{"sha256":"`; the 64 hex digits that
 * follow are the SHA-256 of the whole file with those 64 digits written as "0".
 * Decoding checks, in order, and names the first failure: the length fields, the checksum, the JSON,
 * the metadata (strings only), every tensor's dtype, shape and offsets (sizes agree, no gap, no
 * overlap, nothing past the end), and that every value is finite.
 */
import { allocate, type Data, type DType } from '../autograd/index.js';
import { sha256Hex } from './sha256.js';

/** Why a tensor file cannot be read; the message is the reason alone (callers add the file name). */
export class TensorFileError extends Error {
  /** True when the bytes are a file of the first model format, which callers can say how to replace. */
  readonly legacy: boolean;

  constructor(reason: string, { legacy = false }: { legacy?: boolean } = {}) {
    super(reason);
    this.name = 'TensorFileError';
    this.legacy = legacy;
  }
}

export interface NamedTensor {
  name: string;
  shape: readonly number[];
  /** Float32Array is stored as F32, Float64Array as F64. */
  data: Data;
}

export interface TensorFile {
  /** The metadata, the checksum left out. */
  metadata: Record<string, string>;
  tensors: Map<string, { dtype: DType; shape: number[]; data: Data }>;
}

const CHECKSUM_KEY = 'sha256';
const HEADER_START = `{"__metadata__":{"${CHECKSUM_KEY}":"`;
const DIGITS = 64;
/** What the first model format (tunegrad ≤ 0.1 before checksummed files) starts with. */
const LEGACY_MAGIC = 'TUNEGRAD';
/** Larger headers are refused before parsing (safetensors' own limit is 100 MB). */
const MAX_HEADER_BYTES = 100_000_000;

const DTYPE_CODES: Record<DType, string> = { float32: 'F32', float64: 'F64' };
const BYTES: Record<DType, number> = { float32: 4, float64: 8 };

/** The file's bytes: `metadata` (string values; the key "sha256" is the checksum's) and `tensors`, in order. */
export function encodeTensorFile(metadata: Record<string, string>, tensors: readonly NamedTensor[]): Uint8Array {
  if (CHECKSUM_KEY in metadata) throw new Error(`encodeTensorFile: the metadata key "${CHECKSUM_KEY}" is the checksum's`);
  const names = new Set<string>();
  let payloadBytes = 0;
  const entries = tensors.map((t) => {
    if (t.name === '__metadata__' || names.has(t.name)) throw new Error(`encodeTensorFile: tensor name ${JSON.stringify(t.name)} is reserved or repeated`);
    names.add(t.name);
    const dtype: DType = t.data instanceof Float64Array ? 'float64' : 'float32';
    const size = t.shape.reduce((n, d) => n * d, 1);
    if (size !== t.data.length) throw new Error(`encodeTensorFile: tensor '${t.name}' has ${t.data.length} values for shape [${t.shape.join(', ')}]`);
    const begin = payloadBytes;
    payloadBytes += size * BYTES[dtype];
    return { tensor: t, dtype, begin };
  });
  // Written key by key so the checksum leads the header whatever the keys look like (JSON.stringify
  // would move integer-like keys first).
  const members = [
    `"__metadata__":{"${CHECKSUM_KEY}":"${'0'.repeat(DIGITS)}"${Object.entries(metadata)
      .map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`)
      .join('')}}`,
    ...entries.map(({ tensor, dtype, begin }) => `${JSON.stringify(tensor.name)}:${JSON.stringify({ dtype: DTYPE_CODES[dtype], shape: [...tensor.shape], data_offsets: [begin, begin + tensor.data.length * BYTES[dtype]] })}`),
  ];
  const json = new TextEncoder().encode(`{${members.join(',')}}`);
  const headerBytes = Math.ceil((8 + json.length) / 8) * 8 - 8;
  const out = new Uint8Array(8 + headerBytes + payloadBytes);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerBytes, true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerBytes);
  const payload = 8 + headerBytes;
  for (const { tensor, dtype, begin } of entries) {
    const at = payload + begin;
    if (dtype === 'float64') for (let i = 0; i < tensor.data.length; i++) view.setFloat64(at + 8 * i, tensor.data[i], true);
    else for (let i = 0; i < tensor.data.length; i++) view.setFloat32(at + 4 * i, tensor.data[i], true);
  }
  out.set(new TextEncoder().encode(sha256Hex(out)), 8 + HEADER_START.length);
  return out;
}

/** Read and check `encodeTensorFile`'s bytes (see the file header); a `TensorFileError` names what is wrong. */
export function decodeTensorFile(bytes: Uint8Array): TensorFile {
  const fail = (reason: string): never => {
    throw new TensorFileError(reason);
  };
  if (bytes.length >= 8 && new TextDecoder().decode(bytes.subarray(0, 8)) === LEGACY_MAGIC) {
    throw new TensorFileError('written in the first tunegrad model format (no checksum over the whole file), which this version no longer reads', { legacy: true });
  }
  if (bytes.length < 8) fail(`truncated file: ${bytes.length} bytes, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerBytes = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (headerBytes > MAX_HEADER_BYTES) fail(`header length ${headerBytes} is not plausible (the limit is ${MAX_HEADER_BYTES} bytes)`);
  if (8 + headerBytes > bytes.length) fail(`truncated file: ${bytes.length} bytes, the header alone ends at byte ${8 + headerBytes}`);
  const start = new TextDecoder().decode(bytes.subarray(8, 8 + Math.min(headerBytes, HEADER_START.length + DIGITS + 1)));
  const stored = start.slice(HEADER_START.length, HEADER_START.length + DIGITS);
  if (!start.startsWith(HEADER_START) || !/^[0-9a-f]{64}$/.test(stored) || start[HEADER_START.length + DIGITS] !== '"') {
    fail('not a tunegrad tensor file: its header does not begin with the sha256 checksum');
  }
  const zeroed = bytes.slice();
  zeroed.fill(0x30, 8 + HEADER_START.length, 8 + HEADER_START.length + DIGITS);
  const actual = sha256Hex(zeroed);
  if (actual !== stored) fail(`checksum mismatch: the file's sha256 is ${actual.slice(0, 12)}…, its header says ${stored.slice(0, 12)}… (the file is damaged or was edited)`);

  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerBytes)));
  } catch (err) {
    return fail(`header is not valid UTF-8 JSON (${(err as Error).message})`);
  }
  if (!isObject(header)) return fail('header is not a JSON object');
  const rawMetadata = header.__metadata__;
  if (!isObject(rawMetadata)) return fail('header has no "__metadata__" object');
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(rawMetadata)) {
    if (typeof value !== 'string') fail(`metadata "${key}" is not a string`);
    if (key !== CHECKSUM_KEY) metadata[key] = value as string;
  }

  const payloadStart = 8 + headerBytes;
  const payloadBytes = bytes.length - payloadStart;
  const entries = Object.entries(header)
    .filter(([name]) => name !== '__metadata__')
    .map(([name, entry]) => ({ name, ...tensorEntry(name, entry, fail) }))
    .sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const e of entries) {
    if (e.begin !== expected) fail(`tensor '${e.name}' starts at payload byte ${e.begin}, expected ${expected} (tensors must be back to back)`);
    expected = e.end;
  }
  if (expected > payloadBytes) fail(`truncated file: the tensors need ${expected} payload bytes, the file has ${payloadBytes}`);
  if (expected < payloadBytes) fail(`${payloadBytes - expected} unexpected bytes after the last tensor`);

  const tensors: TensorFile['tensors'] = new Map();
  for (const e of entries) {
    const size = e.shape.reduce((n, d) => n * d, 1);
    const data = allocate(e.dtype, size);
    const at = payloadStart + e.begin;
    if (e.dtype === 'float64') for (let i = 0; i < size; i++) data[i] = view.getFloat64(at + 8 * i, true);
    else for (let i = 0; i < size; i++) data[i] = view.getFloat32(at + 4 * i, true);
    const bad = data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) fail(`tensor '${e.name}' holds a non-finite value (${data[bad]}) at index ${bad}`);
    tensors.set(e.name, { dtype: e.dtype, shape: e.shape, data });
  }
  return { metadata, tensors };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One tensor's header entry, checked: a known dtype, a shape of non-negative integers, offsets that fit it. */
function tensorEntry(name: string, entry: unknown, fail: (reason: string) => never): { dtype: DType; shape: number[]; begin: number; end: number } {
  if (!isObject(entry)) return fail(`tensor '${name}': its entry is not an object`);
  const dtype = (Object.keys(DTYPE_CODES) as DType[]).find((d) => DTYPE_CODES[d] === entry.dtype);
  if (dtype === undefined) return fail(`tensor '${name}': dtype ${JSON.stringify(entry.dtype)} is not F32 or F64`);
  const { shape, data_offsets: offsets } = entry;
  const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  if (!Array.isArray(shape) || !shape.every(isCount)) return fail(`tensor '${name}': shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount) || offsets[1] < offsets[0]) {
    return fail(`tensor '${name}': data_offsets ${JSON.stringify(offsets)} is not [begin, end] with 0 <= begin <= end`);
  }
  const size = shape.reduce((n: number, d: number) => n * d, 1);
  if (offsets[1] - offsets[0] !== size * BYTES[dtype]) {
    fail(`tensor '${name}': data_offsets [${offsets.join(', ')}] hold ${offsets[1] - offsets[0]} bytes, its ${entry.dtype} shape [${shape.join(', ')}] needs ${size * BYTES[dtype]}`);
  }
  return { dtype, shape: [...shape], begin: offsets[0], end: offsets[1] };
}

/**
 * The model file: a `Sequential` — architecture, weights and optionally the training state (Adam's
 * moments and step, the Rng state, the epoch counter) — as one self-describing binary file that
 * round-trips every value exactly.
 *
 * Layout (all integers little-endian):
 *   bytes 0..7     magic "TUNEGRAD"
 *   bytes 8..11    uint32 format version (FORMAT_VERSION)
 *   bytes 12..15   uint32 byte length H of the header
 *   bytes 16..     header: UTF-8 JSON `FileHeader` (model config, tensor table, payload size, CRC-32)
 *   then zero padding to a multiple of 8, then the payload: each tensor's values as little-endian
 *   float32 or float64 (its own dtype) at the offset the tensor table gives.
 * Loading rejects a wrong magic or version, a truncated or over-long file and a payload whose
 * CRC-32 does not match, each with an error that says which. This file turns models into bytes and
 * back; writing and reading the files is src/gtzan/files.ts's (`saveModel`, `loadModel`).
 */
import { allocate, type Data, type DType, type Shape } from '../autograd/index.js';
import { crc32 } from './crc32.js';
import { Adam, type AdamConfig } from './optim/adam.js';
import { Sequential, type SequentialConfig } from './sequential.js';

export const MAGIC = 'TUNEGRAD';
export const FORMAT_VERSION = 1;
const PREFIX_BYTES = 16;

export interface TensorEntry {
  name: string;
  dtype: DType;
  shape: number[];
  /** Byte offset from the start of the payload. */
  offset: number;
}

export interface FileHeader {
  kind: 'tunegrad.sequential';
  model: SequentialConfig;
  /**
   * Model weights first, named `${layer}/${weight}` (per layer the trainable then the non-trainable
   * ones, `getWeights` order), then Adam's m and v when `training` is present.
   */
  tensors: TensorEntry[];
  payloadBytes: number;
  crc32: number;
  /** The optimizer's hyper-parameters (always stored, so a loaded model trains as the saved one did). */
  optimizer: AdamConfig;
  training?: {
    epoch: number;
    /** `Rng.state()`, with the cached normal (NaN when absent) written as null. */
    rng: (number | null)[];
    /** Adam's step count; its moments are the `optimizer/m/k` and `optimizer/v/k` tensors. */
    iterations: number;
  };
}

export interface SaveOptions {
  /** Also store the optimizer state, the Rng state and the epoch counter, to resume training. Default false. */
  trainingState?: boolean;
}

/** The file's bytes for `model` (which must be built). */
export function encodeModel(model: Sequential, options: SaveOptions = {}): Uint8Array {
  if (!model.built) throw new Error(`encodeModel: model '${model.name}' is not built (nothing to save)`);
  const arrays: { name: string; shape: Shape; data: Data }[] = model.layers.flatMap((layer) =>
    layer.allParams.map((p) => ({ name: `${layer.name}/${p.name}`, shape: p.value.shape, data: p.value.data })),
  );
  let training: FileHeader['training'];
  if (options.trainingState) {
    const state = model.exportState();
    const shapes = model.weights.map((w) => w.shape);
    state.optimizer.state.m.forEach((data, k) => arrays.push({ name: `optimizer/m/${k}`, shape: shapes[k], data }));
    state.optimizer.state.v.forEach((data, k) => arrays.push({ name: `optimizer/v/${k}`, shape: shapes[k], data }));
    training = { epoch: state.epoch, rng: state.rng.map((v) => (Number.isNaN(v) ? null : v)), iterations: state.optimizer.state.iterations };
  }

  const tensors: TensorEntry[] = [];
  let payloadBytes = 0;
  for (const a of arrays) {
    const dtype: DType = a.data instanceof Float64Array ? 'float64' : 'float32';
    tensors.push({ name: a.name, dtype, shape: [...a.shape], offset: payloadBytes });
    payloadBytes = align8(payloadBytes + a.data.length * bytesPer(dtype));
  }
  const payload = new Uint8Array(payloadBytes);
  const view = new DataView(payload.buffer);
  arrays.forEach((a, k) => writeValues(view, tensors[k], a.data));

  const header: FileHeader = {
    kind: 'tunegrad.sequential',
    model: model.getConfig(),
    tensors,
    payloadBytes,
    crc32: crc32(payload),
    optimizer: { ...model.optimizer.config },
    ...(training ? { training } : {}),
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const payloadStart = align8(PREFIX_BYTES + headerBytes.length);
  const out = new Uint8Array(payloadStart + payloadBytes);
  out.set(new TextEncoder().encode(MAGIC), 0);
  const prefix = new DataView(out.buffer);
  prefix.setUint32(8, FORMAT_VERSION, true);
  prefix.setUint32(12, headerBytes.length, true);
  out.set(headerBytes, PREFIX_BYTES);
  out.set(payload, payloadStart);
  return out;
}

/** Read the header of a model file, checking magic, version, length and checksum. */
export function readHeader(bytes: Uint8Array): { header: FileHeader; payload: DataView } {
  const fail = (why: string): never => {
    throw new Error(`decodeModel: ${why}`);
  };
  if (bytes.length < PREFIX_BYTES) fail(`truncated file: ${bytes.length} bytes, the fixed prefix alone is ${PREFIX_BYTES}`);
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== MAGIC) fail(`not a tunegrad model file: magic ${JSON.stringify(magic)}, expected "${MAGIC}"`);
  const prefix = new DataView(bytes.buffer, bytes.byteOffset, PREFIX_BYTES);
  const version = prefix.getUint32(8, true);
  if (version !== FORMAT_VERSION) fail(`unsupported format version ${version} (this build reads version ${FORMAT_VERSION})`);
  const headerLength = prefix.getUint32(12, true);
  if (PREFIX_BYTES + headerLength > bytes.length) fail(`truncated file: ${bytes.length} bytes, the header alone ends at byte ${PREFIX_BYTES + headerLength}`);
  let header: FileHeader;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength))) as FileHeader;
  } catch (err) {
    return fail(`header is not valid UTF-8 JSON (${(err as Error).message})`);
  }
  if (header.kind !== 'tunegrad.sequential') fail(`unknown content kind ${JSON.stringify(header.kind)}`);
  const payloadStart = align8(PREFIX_BYTES + headerLength);
  const actual = bytes.length - payloadStart;
  if (actual < header.payloadBytes) fail(`truncated file: payload has ${Math.max(actual, 0)} of ${header.payloadBytes} bytes`);
  if (actual > header.payloadBytes) fail(`${actual - header.payloadBytes} unexpected bytes after the payload`);
  const payload = bytes.subarray(payloadStart);
  const sum = crc32(payload);
  if (sum !== header.crc32) fail(`payload checksum ${sum} does not match the header's ${header.crc32} (corrupt file)`);
  return { header, payload: new DataView(payload.buffer, payload.byteOffset, payload.byteLength) };
}

/** Rebuild the model (and its training state, when the file holds one) from `encodeModel`'s bytes. */
export function decodeModel(bytes: Uint8Array): Sequential {
  const { header, payload } = readHeader(bytes);
  const model = Sequential.fromConfig(header.model);
  const entries = new Map(header.tensors.map((t) => [t.name, t]));
  const read = (name: string, shape: Shape, dtype: DType): Data => {
    const entry = entries.get(name);
    if (entry === undefined) throw new Error(`decodeModel: tensor '${name}' is missing from the file`);
    if (entry.dtype !== dtype || entry.shape.length !== shape.length || entry.shape.some((d, i) => d !== shape[i])) {
      throw new Error(`decodeModel: tensor '${name}' is ${entry.dtype}[${entry.shape.join(', ')}], the model expects ${dtype}[${shape.join(', ')}]`);
    }
    return readValues(payload, entry);
  };
  const weights = model.layers.flatMap((layer) => layer.allParams.map((p) => read(`${layer.name}/${p.name}`, p.value.shape, p.value.dtype)));
  model.setWeights(weights);
  model.optimizer = new Adam(header.optimizer);
  if (header.training) {
    const { epoch, rng, iterations } = header.training;
    const moments = (which: 'm' | 'v') => (entries.has(`optimizer/${which}/0`) ? model.weights.map((w, k) => read(`optimizer/${which}/${k}`, w.shape, w.dtype)) : []);
    model.importState({
      epoch,
      rng: rng.map((v) => (v === null ? Number.NaN : v)),
      weights,
      optimizer: { config: header.optimizer, state: { iterations, m: moments('m'), v: moments('v') } },
    });
  }
  return model;
}

function bytesPer(dtype: DType): number {
  return dtype === 'float64' ? 8 : 4;
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

function writeValues(view: DataView, entry: TensorEntry, data: Data): void {
  if (entry.dtype === 'float64') for (let i = 0; i < data.length; i++) view.setFloat64(entry.offset + 8 * i, data[i], true);
  else for (let i = 0; i < data.length; i++) view.setFloat32(entry.offset + 4 * i, data[i], true);
}

function readValues(view: DataView, entry: TensorEntry): Data {
  const size = entry.shape.reduce((n, d) => n * d, 1);
  const end = entry.offset + size * bytesPer(entry.dtype);
  if (end > view.byteLength) throw new Error(`decodeModel: tensor '${entry.name}' ends at byte ${end}, past the payload's ${view.byteLength}`);
  const data = allocate(entry.dtype, size);
  if (entry.dtype === 'float64') for (let i = 0; i < size; i++) data[i] = view.getFloat64(entry.offset + 8 * i, true);
  else for (let i = 0; i < size; i++) data[i] = view.getFloat32(entry.offset + 4 * i, true);
  return data;
}

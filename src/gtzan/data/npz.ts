/**
 * numpy's `.npz` container, written without dependencies so features computed here can be loaded
 * in Python with `np.load(path)` (e.g. by the Keras reference trainer `../shared/oracle/train_ref.py`).
 *
 * An `.npz` is a ZIP archive (stored, no compression) of `.npy` files. A `.npy` file (format 1.0) is
 * the magic `\x93NUMPY`, the version bytes 1 0, a little-endian uint16 header length, an ASCII
 * Python-dict header `{'descr': '<f4', 'fortran_order': False, 'shape': (n, T, F), }` padded with
 * spaces and a newline so the data starts on a 64-byte boundary, then the raw little-endian data.
 * `datasetArrays` lays out a dataset's tensors the way the Keras oracle reads them.
 */
import { crc32 } from '../../nn/index.js';
import type { DatasetTensors } from './tensors.js';

export type NpyArray = { data: Float32Array | Float64Array | Int32Array; shape: readonly number[] };

function descr(data: NpyArray['data']): string {
  if (data instanceof Float32Array) return '<f4';
  if (data instanceof Float64Array) return '<f8';
  return '<i4';
}

/** The bytes of one `.npy` file. */
export function encodeNpy(array: NpyArray): Uint8Array {
  const size = array.shape.reduce((s, d) => s * d, 1);
  if (size !== array.data.length) throw new Error(`encodeNpy: shape [${array.shape.join(', ')}] does not hold ${array.data.length} values`);
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let header = `{'descr': '${descr(array.data)}', 'fortran_order': False, 'shape': ${shape}, }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + array.data.byteLength);
  out.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength), 10 + header.length);
  return out;
}

/** The bytes of an `.npz` holding `arrays` (name → array; stored as `<name>.npy`). */
export function encodeNpz(arrays: Record<string, NpyArray>): Uint8Array {
  const encoder = new TextEncoder();
  const entries = Object.entries(arrays).map(([name, array]) => ({ name: encoder.encode(`${name}.npy`), body: encodeNpy(array) }));
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const { name, body } of entries) {
    const crc = crc32(body);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true); // local file header signature
    lv.setUint16(4, 20, true); // version needed: 2.0
    lv.setUint32(14, crc, true);
    lv.setUint32(18, body.length, true); // compressed size (stored)
    lv.setUint32(22, body.length, true); // uncompressed size
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true); // central directory signature
    cv.setUint16(4, 20, true); // version made by
    cv.setUint16(6, 20, true); // version needed
    cv.setUint32(16, crc, true);
    cv.setUint32(20, body.length, true);
    cv.setUint32(24, body.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true); // offset of the local header
    central.set(name, 46);
    locals.push(local, body);
    centrals.push(central);
    offset += local.length + body.length;
  }
  const centralSize = centrals.reduce((s, c) => s + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true); // end of central directory signature
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, centralSize, true);
  ev.setUint32(16, offset, true);
  const parts = [...locals, ...centrals, end];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The arrays of `bench/export.js`: X [n, T, F] float32 (z-scored), y [n] int32 and the split as
 * train_idx / val_idx / test_idx (int32 row indices), rows in the order train, valid, test.
 */
export function datasetArrays(tensors: DatasetTensors): Record<string, NpyArray> {
  const parts = [tensors.train, tensors.valid, tensors.test];
  const n = parts.reduce((s, p) => s + p.n, 0);
  const rowSize = tensors.timesteps * tensors.nFeatures;
  const x = new Float32Array(n * rowSize);
  const y = new Int32Array(n);
  let row = 0;
  const indices = parts.map((p) => {
    x.set(p.x, row * rowSize);
    y.set(p.y, row);
    const idx = Int32Array.from({ length: p.n }, (_, i) => row + i);
    row += p.n;
    return idx;
  });
  return {
    X: { data: x, shape: [n, tensors.timesteps, tensors.nFeatures] },
    y: { data: y, shape: [n] },
    train_idx: { data: indices[0], shape: [indices[0].length] },
    val_idx: { data: indices[1], shape: [indices[1].length] },
    test_idx: { data: indices[2], shape: [indices[2].length] },
  };
}

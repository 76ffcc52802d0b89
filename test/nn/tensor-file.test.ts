/**
 * The tensor file: exact round trips, the safetensors layout (read back by Python's safetensors when
 * it is installed), and a damaged-file corpus — every truncation, a flipped bit in every byte, and
 * header edits re-signed so that the checks behind the checksum are reached — where every case
 * fails with a `TensorFileError` and none loads.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeTensorFile, encodeTensorFile } from '../../src/nn/index.js';
import { pythonWith } from '../util/python.js';
import { editHeader, refusal, resign } from '../util/tensor-file.js';

const test = suite('nn tensor-file');

const sample = () =>
  encodeTensorFile({ note: 'ünïcode, "quotes"', '7': 'an integer-like key' }, [
    { name: 'dense/kernel', shape: [2, 3], data: Float32Array.from([1, -2.5, 3e-8, 4, 5, 6]) },
    { name: 'stats/mean', shape: [3], data: Float64Array.from([0.1, Math.PI, -1e300]) },
    { name: 'empty', shape: [0, 4], data: new Float32Array(0) },
  ]);

const failsClearly = (bytes: Uint8Array, label: string) => refusal(decodeTensorFile, bytes, label);

test('round-trips metadata and float32/float64 tensors exactly, payload 8-byte aligned', () => {
  const bytes = sample();
  const { metadata, tensors } = decodeTensorFile(bytes);
  assert.equal(metadata, { note: 'ünïcode, "quotes"', '7': 'an integer-like key' });
  assert.equal([...tensors.keys()], ['dense/kernel', 'stats/mean', 'empty']);
  assert.equal(Array.from(tensors.get('dense/kernel')!.data), Array.from(Float32Array.from([1, -2.5, 3e-8, 4, 5, 6])));
  assert.instance(tensors.get('stats/mean')!.data, Float64Array);
  assert.equal(Array.from(tensors.get('stats/mean')!.data), [0.1, Math.PI, -1e300]);
  assert.equal(tensors.get('empty')!.shape, [0, 4]);
  const headerBytes = new DataView(bytes.buffer).getUint32(0, true);
  assert.is((8 + headerBytes) % 8, 0);
  assert.ok(new TextDecoder().decode(bytes.subarray(8, 36)).startsWith('{"__metadata__":{"sha256":"'));
});

test('refuses to write a reserved name, a repeated name or a shape that does not fit', () => {
  assert.throws(() => encodeTensorFile({ sha256: 'x' }, []), /the metadata key "sha256" is the checksum's/);
  assert.throws(() => encodeTensorFile({}, [{ name: '__metadata__', shape: [1], data: new Float32Array(1) }]), /reserved or repeated/);
  assert.throws(() => encodeTensorFile({}, [{ name: 'a', shape: [2], data: new Float32Array(3) }]), /has 3 values for shape \[2\]/);
});

test('damaged-file corpus: every truncation and a flipped bit in every byte fail clearly', () => {
  const good = sample();
  for (let n = 0; n < good.length; n++) failsClearly(good.subarray(0, n), `truncated to ${n} bytes`);
  failsClearly(Uint8Array.from([...good, 0]), 'one byte appended');
  for (let i = 0; i < good.length; i++) {
    const bad = good.slice();
    bad[i] ^= 1 << i % 8;
    failsClearly(bad, `bit ${i % 8} of byte ${i} flipped`);
  }
});

test('the first failure is named: length, checksum, legacy format', () => {
  const good = sample();
  assert.match(failsClearly(good.subarray(0, 5), 'short'), /^truncated file: 5 bytes, shorter than the 8-byte header length$/);
  assert.match(failsClearly(good.subarray(0, 40), 'header cut'), /^truncated file: 40 bytes, the header alone ends at byte \d+$/);
  const big = good.slice();
  new DataView(big.buffer).setUint32(4, 1, true);
  assert.match(failsClearly(big, 'huge header length'), /header length \d+ is not plausible/);
  const edited = good.slice();
  edited[edited.length - 1] ^= 0x40;
  assert.match(failsClearly(edited, 'payload edit'), /^checksum mismatch: the file's sha256 is [0-9a-f]{12}…, its header says [0-9a-f]{12}… \(the file is damaged or was edited\)$/);
  assert.match(failsClearly(new TextEncoder().encode('TUNEGRAD\x01\x00\x00\x00'), 'legacy'), /first tunegrad model format/);
  assert.match(failsClearly(new Uint8Array([2, 0, 0, 0, 0, 0, 0, 0, 123, 125]), 'safetensors without checksum'), /not a tunegrad tensor file/);
});

test('re-signed header edits reach the checks behind the checksum', () => {
  const good = sample();
  const cases: [string, string, RegExp][] = [
    ['"dtype":"F32"', '"dtype":"I32"', /tensor 'dense\/kernel': dtype "I32" is not F32 or F64/],
    ['"shape":[2,3]', '"shape":[3,3]', /tensor 'dense\/kernel': data_offsets \[0, 24\] hold 24 bytes, its F32 shape \[3, 3\] needs 36/],
    ['"shape":[2,3]', '"shape":[2,-3]', /shape \[2,-3\] is not a list of non-negative integers/],
    ['"data_offsets":[0,24]', '"data_offsets":[8,32]', /tensor 'dense\/kernel' starts at payload byte 8, expected 0/],
    ['"data_offsets":[24,48]', '"data_offsets":[24]', /data_offsets \[24\] is not \[begin, end\]/],
    ['"note":"', '"note":7,"x":"', /metadata "note" is not a string/],
    ['{"__metadata__"', '[{"__metadata__"', /header is not valid UTF-8 JSON|not a tunegrad tensor file/],
  ];
  for (const [from, to, why] of cases) assert.match(failsClearly(editHeader(good, from, to), `${from} -> ${to}`), why);
  const nan = good.slice();
  new DataView(nan.buffer).setFloat32(nan.length - 24 - 4 * 6 + 4, Number.NaN, true);
  assert.match(failsClearly(resign(nan), 'a NaN weight'), /tensor 'dense\/kernel' holds a non-finite value \(NaN\) at index 1/);
  const extra = resign(Uint8Array.from([...good, 0, 0, 0, 0]));
  assert.match(failsClearly(extra, 'trailing bytes'), /4 unexpected bytes after the last tensor/);
});

test("Python's safetensors opens the file: names, shapes, values and metadata", () => {
  const python = pythonWith(['safetensors', 'numpy'], "reading tunegrad's tensor file with Python's safetensors");
  if (python === null) return;
  const dir = mkdtempSync(join(tmpdir(), 'tunegrad-safetensors-'));
  try {
    const path = join(dir, 'sample.safetensors');
    writeFileSync(path, sample());
    const script = [
      'import json, sys',
      'from safetensors import safe_open',
      "with safe_open(sys.argv[1], 'np') as f:",
      "    out = {'metadata': f.metadata(), 'tensors': {k: {'dtype': str(f.get_tensor(k).dtype), 'shape': list(f.get_tensor(k).shape), 'values': f.get_tensor(k).ravel().tolist()} for k in f.keys()}}",
      'print(json.dumps(out))',
    ].join('\n');
    const run = spawnSync(python, ['-c', script, path], { encoding: 'utf8' });
    assert.is(run.status, 0, run.stderr);
    const read = JSON.parse(run.stdout);
    assert.is(read.metadata.note, 'ünïcode, "quotes"');
    assert.match(read.metadata.sha256, /^[0-9a-f]{64}$/);
    assert.equal(read.tensors['dense/kernel'].shape, [2, 3]);
    assert.is(read.tensors['dense/kernel'].dtype, 'float32');
    assert.equal(read.tensors['dense/kernel'].values, Array.from(Float32Array.from([1, -2.5, 3e-8, 4, 5, 6])));
    assert.equal(read.tensors['stats/mean'].values, [0.1, Math.PI, -1e300]);
    assert.equal(read.tensors.empty.shape, [0, 4]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();

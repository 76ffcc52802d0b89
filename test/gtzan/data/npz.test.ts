/** The .npz writer: .npy headers as numpy writes them, a ZIP that numpy (when present) reads back. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeNpy, encodeNpz } from '../../../src/gtzan/data/npz.js';
import { writeFileAtomic } from '../../../src/gtzan/files.js';
import { crc32 } from 'node:zlib';

const test = suite('gtzan/data/npz');

test('.npy: magic, version, 64-byte aligned header, little-endian data', () => {
  const bytes = encodeNpy({ data: new Float32Array([1.5, -2, 3, 4, 5, 6]), shape: [2, 3] });
  assert.equal([...bytes.subarray(0, 8)], [0x93, 78, 85, 77, 80, 89, 1, 0]);
  const headerLength = new DataView(bytes.buffer).getUint16(8, true);
  assert.is((10 + headerLength) % 64, 0);
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
  assert.is(header.trimEnd(), "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }");
  assert.ok(header.endsWith('\n'));
  assert.equal([...new Float32Array(bytes.slice(10 + headerLength).buffer)], [1.5, -2, 3, 4, 5, 6]);
  assert.match(new TextDecoder().decode(encodeNpy({ data: new Int32Array(3), shape: [3] }).subarray(10, 70)), /'descr': '<i4', 'fortran_order': False, 'shape': \(3,\)/);
  assert.throws(() => encodeNpy({ data: new Float32Array(5), shape: [2, 3] }), /shape \[2, 3\] does not hold 5 values/);
});

test('.npz: stored ZIP entries with correct CRCs and a central directory', () => {
  const y = encodeNpy({ data: new Int32Array([0, 1, 2]), shape: [3] });
  const zip = encodeNpz({ y: { data: new Int32Array([0, 1, 2]), shape: [3] } });
  const view = new DataView(zip.buffer);
  assert.is(view.getUint32(0, true), 0x04034b50);
  assert.is(view.getUint32(14, true), crc32(y));
  assert.is(new TextDecoder().decode(zip.subarray(30, 35)), 'y.npy');
  assert.equal([...zip.subarray(35, 35 + y.length)], [...y]);
  const end = zip.length - 22;
  assert.is(view.getUint32(end, true), 0x06054b50);
  assert.is(view.getUint32(end + 16, true), 35 + y.length, 'central directory follows the one entry');
});

test('numpy reads it back (when python3 with numpy is available)', () => {
  const python = ['/work/oracle-venv/bin/python', 'python3'].find((p) => spawnSync(p, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0);
  if (python === undefined) {
    console.log('\n  skip: no python3 with numpy here; the numpy round trip is not checked');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'tunegrad-npz-'));
  try {
    const path = join(dir, 'a.npz');
    writeFileAtomic(path, encodeNpz({ X: { data: Float32Array.from({ length: 24 }, (_, i) => i / 4), shape: [2, 3, 4] }, y: { data: new Int32Array([7, -1]), shape: [2] } }));
    const r = spawnSync(python, ['-c', `import numpy as np; d = np.load('${path}'); print(d['X'].shape, float(d['X'].sum()), d['y'].tolist(), d['X'].dtype, d['y'].dtype)`], { encoding: 'utf8' });
    assert.is(r.stdout.trim(), '(2, 3, 4) 69.0 [7, -1] float32 int32', r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();

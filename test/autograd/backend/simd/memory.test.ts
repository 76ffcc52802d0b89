/** The SIMD backend's memory planning: the bump layout, growth with a fresh view, the 4 GiB limit, copying rows out. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CONTROL_BYTES, Layout, MAX_PAGES, PAGE, SimdMemory } from '../../../../src/autograd/backend/simd/memory.js';
import { webAssembly } from '../../../../src/wasm/wasm-api.js';
import { expectClose } from '../../../util/close.js';

const test = suite('simd memory');

test('the layout starts after the control block and aligns every region to 64 bytes', () => {
  const mem = new Layout();
  const a = mem.floats(3);
  const b = mem.floats(16);
  const c = mem.floats(1);
  assert.equal([a, b, c], [CONTROL_BYTES, CONTROL_BYTES + 64, CONTROL_BYTES + 128]);
  assert.is(mem.end, CONTROL_BYTES + 192);
});

test('ensure grows the memory by whole pages, refreshes the view, and refuses more than 4 GiB', () => {
  const wasm = webAssembly();
  if (!wasm) return console.log('\n  skip: no WebAssembly');
  const memory = new SimdMemory(new wasm.Memory({ initial: 1, maximum: 4 }));
  memory.f32[10] = 7;
  memory.ensure(PAGE);
  assert.is(memory.f32.length, PAGE / 4);
  memory.ensure(2 * PAGE + 1);
  assert.is(memory.wasm.buffer.byteLength, 3 * PAGE);
  assert.is(memory.f32.length, (3 * PAGE) / 4);
  assert.is(memory.f32[10], 7);
  assert.throws(() => memory.ensure(MAX_PAGES * PAGE + 1), /simd backend: a matmul needing 4.00 GiB of buffers exceeds the 4 GiB/);
});

test('copyRows reads a padded C (row stride ldc) and a packed one', () => {
  const wasm = webAssembly();
  if (!wasm) return console.log('\n  skip: no WebAssembly');
  const memory = new SimdMemory(new wasm.Memory({ initial: 1, maximum: 1 }));
  // C [3, 4] padded to row stride 8 floats, at byte 64: C[i, j] = 10i + j
  for (let i = 0; i < 3; i++) for (let j = 0; j < 8; j++) memory.f32[16 + 8 * i + j] = j < 4 ? 10 * i + j : Number.NaN;
  const out = new Float32Array(9).fill(-1);
  memory.copyRows(64, 32, 1, 2, 4, out, 1);
  expectClose('rows 1-2 of padded C', out, [-1, 10, 11, 12, 13, 20, 21, 22, 23], { atol: 0, rtol: 0 });
  const packed = new Float32Array(4);
  memory.copyRows(64, 8, 0, 2, 2, packed, 0);
  expectClose('packed C [2, 2] (ldc = 4·n: one copy)', packed, [0, 1, 2, 3], { atol: 0, rtol: 0 });
});

test.run();

/**
 * The WebAssembly emitter behind the SIMD backend: LEB128 against the specification's examples,
 * and a hand-assembled module run through the engine.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeModule, FunctionBuilder, i32, sleb, uleb } from '../../../../src/autograd/backend/simd/emitter.js';
import { webAssembly } from '../../../../src/autograd/backend/simd/wasm-api.js';
import { expectClose } from '../../../util/close.js';

/** Bit-for-bit equality. */
const exact = { atol: 0, rtol: 0 };

const test = suite('simd emitter');

test('LEB128 encodings', () => {
  assert.equal(uleb(0), [0x00]);
  assert.equal(uleb(127), [0x7f]);
  assert.equal(uleb(128), [0x80, 0x01]);
  assert.equal(uleb(624485), [0xe5, 0x8e, 0x26]);
  assert.equal(uleb(0xffffffff), [0xff, 0xff, 0xff, 0xff, 0x0f]);
  assert.equal(sleb(0), [0x00]);
  assert.equal(sleb(-1), [0x7f]);
  assert.equal(sleb(63), [0x3f]);
  assert.equal(sleb(64), [0xc0, 0x00]);
  assert.equal(sleb(-64), [0x40]);
  assert.equal(sleb(-65), [0xbf, 0x7f]);
  assert.equal(sleb(-123456), [0xc0, 0xbb, 0x78]);
  assert.throws(() => uleb(-1));
  assert.throws(() => sleb(2 ** 31));
});

test('an emitted loop runs: sum of the f32 values in memory', async () => {
  const wasm = webAssembly();
  if (!wasm) return console.log('\n  skip: no WebAssembly');
  // sum(ptr, n): for (i = 0; i < n; i++) memory[0] += memory[ptr + 4i]   (scalar f32)
  const f = new FunctionBuilder('sum', [i32, i32]);
  const [ptr, n] = f.params;
  const i = f.local(i32);
  f.forRange(i, 0, n, 1, () => {
    f.i32(0).i32(0).f32Load();
    f.get(ptr).get(i).i32(2).shl().add().f32Load();
    f.f32Add().f32Store();
  });
  const memory = new wasm.Memory({ initial: 1, maximum: 1 });
  const instance = await wasm.instantiate(await wasm.compile(encodeModule({ initialPages: 1, maximumPages: 1, shared: false }, [f])), { env: { memory } });
  const view = new Float32Array(memory.buffer);
  view.set([1.5, 2, -4, 8], 4);
  (instance.exports.sum as (p: number, n: number) => void)(16, 4);
  expectClose('emitted sum', view[0], 7.5, exact);
});

test.run();

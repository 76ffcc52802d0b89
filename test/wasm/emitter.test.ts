/**
 * The WebAssembly emitter behind the SIMD backend: LEB128 against the specification's examples,
 * and a hand-assembled module run through the engine.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeModule, f32, f64, FunctionBuilder, i32, sleb, uleb, v128 } from '../../src/wasm/emitter.js';
import { webAssembly } from '../../src/wasm/wasm-api.js';
import { expectClose } from '../util/close.js';

/** Bit-for-bit equality. */
const exact = { atol: 0, rtol: 0 };

const test = suite('wasm emitter');

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

test('float64 instructions: f32 pairs widened to f64x2, multiplied, added, extracted, demoted', async () => {
  const wasm = webAssembly();
  if (!wasm) return console.log('\n  skip: no WebAssembly');
  // dot(a, b, out): v = promote(a[0..1]) * promote(b[0..1]) + promote(a[2..3]) * promote(b[2..3]);
  // f64 at out = lane0 + lane1 + f64(a[4]) * f64(b[4]), and its float32 rounding at out + 8
  const f = new FunctionBuilder('dot', [i32, i32, i32]);
  const [a, b, out] = f.params;
  const v = f.local(v128);
  const sum = f.local(f64);
  f.get(a).v128Load64Zero().f64x2PromoteLowF32x4().get(b).v128Load64Zero().f64x2PromoteLowF32x4().f64x2Mul();
  f.get(a).v128Load64Zero(8).f64x2PromoteLowF32x4().get(b).v128Load64Zero(8).f64x2PromoteLowF32x4().f64x2Mul();
  f.f64x2Add().set(v);
  f.get(v).f64x2ExtractLane(0).get(v).f64x2ExtractLane(1).f64Add();
  f.get(a).f32Load(16).f64PromoteF32().get(b).f32Load(16).f64PromoteF32().f64Mul().f64Add().set(sum);
  f.get(out).get(sum).f64Store();
  f.get(out).get(sum).f32DemoteF64().f32Store(8);
  f.get(out).f64Load().f64Const0().f64Add().set(sum); // a load and a constant, for their encodings
  const memory = new wasm.Memory({ initial: 1, maximum: 1 });
  const instance = await wasm.instantiate(await wasm.compile(encodeModule({ initialPages: 1, maximumPages: 1, shared: false }, [f])), { env: { memory } });
  const A = Float32Array.from([1.1, -2.2, 3.3, 4.4, 1e-20]);
  const B = Float32Array.from([0.5, 0.25, -8, 16, 3e-20]);
  new Float32Array(memory.buffer).set(A, 0);
  new Float32Array(memory.buffer).set(B, 8);
  (instance.exports.dot as (a: number, b: number, out: number) => void)(0, 32, 64);
  const lane0 = A[0] * B[0] + A[2] * B[2];
  const lane1 = A[1] * B[1] + A[3] * B[3];
  const exact64 = lane0 + lane1 + A[4] * B[4];
  expectClose('f64 sum', new Float64Array(memory.buffer, 64, 1), [exact64], exact);
  expectClose('demoted', new Float32Array(memory.buffer, 72, 1), [Math.fround(exact64)], exact);
});

test('branches, f32 constants and comparisons, any_true, f64 sqrt, division and conversion', async () => {
  const wasm = webAssembly();
  if (!wasm) return console.log('\n  skip: no WebAssembly');
  // count(ptr, n, edge): f32 values at ptr counted while they are below edge (br out of the loop at
  // the first that is not); out at 0: that count, the f64 sqrt(count) / n at 8, and at 16 whether any
  // lane of the first four values exceeds edge, or is -Infinity
  const f = new FunctionBuilder('count', [i32, i32, f32]);
  const [ptr, n, edge] = f.params;
  const i = f.local(i32);
  f.i32(0).set(i);
  f.block(() => {
    f.loop(() => {
      f.get(i).get(n).geS().brIf(1);
      f.get(ptr).get(i).i32(2).shl().add().f32Load().get(edge).f32Lt().eqz().brIf(1);
      f.get(i).i32(1).add().set(i);
      f.br(0);
    });
  });
  f.i32(0).get(i).i32Store();
  f.i32(0).get(i).f64ConvertI32S().f64Sqrt().get(n).f64ConvertI32S().f64Div().f64Store(8);
  f.i32(0);
  f.get(ptr).v128Load().get(edge).f32x4Splat().f32x4Gt();
  f.get(ptr).v128Load().f32Const(-Infinity).f32x4Splat().f32x4Lt().v128Or().v128AnyTrue();
  f.i32Store(16);
  const memory = new wasm.Memory({ initial: 1, maximum: 1 });
  const instance = await wasm.instantiate(await wasm.compile(encodeModule({ initialPages: 1, maximumPages: 1, shared: false }, [f])), { env: { memory } });
  const count = instance.exports.count as (ptr: number, n: number, edge: number) => void;
  const values = new Float32Array(memory.buffer, 64, 6);
  values.set([1, 2, 3, 9, 4, 5]);
  const ints = new Int32Array(memory.buffer, 0, 6);
  count(64, 6, 9.5);
  assert.is(ints[0], 6, 'every value is below 9.5');
  expectClose('sqrt(6) / 6', new Float64Array(memory.buffer, 8, 1), [Math.sqrt(6) / 6], exact);
  assert.is(ints[4], 0, 'no lane of 1, 2, 3, 9 exceeds 9.5 nor is below -Infinity');
  count(64, 6, 2.5);
  assert.is(ints[0], 2, 'counted up to the first value not below the edge');
  expectClose('sqrt(2) / 6', new Float64Array(memory.buffer, 8, 1), [Math.sqrt(2) / 6], exact);
  assert.is(ints[4], 1, '3 and 9 exceed 2.5');
});

test.run();

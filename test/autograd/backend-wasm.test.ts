/**
 * The WebAssembly emitter behind the SIMD backend: LEB128 against the specification's examples,
 * a hand-assembled module run through the engine, the pack kernels' layout against the
 * definition (element (idx, p) of panel q at `q·kPad·W + p·W + r`, zeros outside), and the
 * accuracy of the vectorised sigmoid and tanh inside `lstmGates` against Math.exp / Math.tanh.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { kernelModuleBytes, simdSupported, type KernelExports } from '../../src/autograd/backend/simd-kernels.js';
import { encodeModule, FunctionBuilder, i32, sleb, uleb, webAssembly } from '../../src/autograd/backend/wasm-emitter.js';
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

test('pack kernels lay panels out as documented, for both source orders', async () => {
  const wasm = webAssembly();
  if (!wasm || !simdSupported()) return console.log('\n  skip: no WebAssembly SIMD');
  const shape = { mr: 8, nr: 16, unroll: 2, madd: false };
  const memory = new wasm.Memory({ initial: 4, maximum: 4 });
  const instance = await wasm.instantiate(await wasm.compile(kernelModuleBytes(shape, { shared: false, maximumPages: 4 })), { env: { memory } });
  const kernels = instance.exports as unknown as KernelExports;
  const view = new Float32Array(memory.buffer);
  const [count, k, kPad] = [19, 7, 8];
  const src = Float32Array.from({ length: count * k }, (_, e) => e + 1);
  view.set(src, 0);
  for (const [name, width] of [['packA', shape.mr], ['packB', shape.nr]] as const) {
    for (const [sIdx, sDepth] of [[k, 1], [1, count]]) {
      const dst = 4096;
      const panels = Math.ceil(count / width);
      view.fill(Number.NaN, dst / 4, dst / 4 + panels * kPad * width);
      kernels[name](0, dst, count, k, kPad, sIdx, sDepth);
      const expected: number[] = [];
      for (let q = 0; q < panels; q++)
        for (let p = 0; p < kPad; p++)
          for (let r = 0; r < width; r++) {
            const idx = q * width + r;
            expected.push(idx < count && p < k ? src[idx * sIdx + p * sDepth] : 0);
          }
      expectClose(`${name} sIdx=${sIdx} sDepth=${sDepth}`, view.subarray(dst / 4, dst / 4 + expected.length), expected, exact);
    }
  }
});

test('lstmGates: sigmoid and tanh within 2e-7 relative of float64 (2·10⁶ points, saturation, NaN)', async () => {
  const wasm = webAssembly();
  if (!wasm || !simdSupported()) return console.log('\n  skip: no WebAssembly SIMD');
  const n = 1 << 14;
  const pages = 64;
  const memory = new wasm.Memory({ initial: pages, maximum: pages });
  const instance = await wasm.instantiate(await wasm.compile(kernelModuleBytes({ mr: 8, nr: 16, unroll: 2, madd: false }, { shared: false, maximumPages: pages })), { env: { memory } });
  const kernels = instance.exports as unknown as KernelExports;
  const view = new Float32Array(memory.buffer);
  // one row of n units: z [4n] at 0, zero rec and bias, cPrev = 0, then c, th, h, hmNext [n] and scale = 1
  const at = (slot: number) => 4 * slot * n;
  view.fill(0);
  view.fill(1, 12 * n, 13 * n);
  const run = (xs: number[]) => {
    for (let q = 0; q < 4; q++) view.set(xs, q * n);
    kernels.lstmGates(at(0), 0, at(4), 0, at(4), at(4), 0, at(8), at(9), at(10), 0, at(11), 0, at(12), 1, n);
    return { sigmoid: view.slice(0, n), tanh: view.slice(2 * n, 3 * n) };
  };
  const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
  // the exact values' own float32 rounding is up to 6e-8 relative; measured worst: sigmoid 1.5e-7 (near x = -16.6), tanh 1.4e-7 (near |x| = 0.63)
  let worstSigmoid = 0;
  let worstTanh = 0;
  const points = 2e6;
  for (let start = 0; start < points; start += n) {
    const xs = Array.from({ length: n }, (_, i) => Math.fround(-90 + (180 * (start + i)) / points));
    const got = run(xs);
    xs.forEach((x, i) => {
      const s = sigmoid(x);
      const t = Math.tanh(x);
      // below float32's normal range (σ(x) < 2⁻¹²⁶ ≈ 1.2e-38 from x = -87.3 down) σ saturates at e⁻⁸⁸ ≈ 6e-39
      if (s < 2 ** -126) assert.ok(Math.abs(got.sigmoid[i] - s) < 2 ** -126, `sigmoid(${x}) = ${got.sigmoid[i]}`);
      else worstSigmoid = Math.max(worstSigmoid, Math.abs(got.sigmoid[i] - s) / s);
      worstTanh = Math.max(worstTanh, t === 0 ? Math.abs(got.tanh[i]) : Math.abs(got.tanh[i] - t) / Math.abs(t));
    });
  }
  assert.ok(worstSigmoid <= 2e-7, `sigmoid relative error ${worstSigmoid}`);
  assert.ok(worstTanh <= 2e-7, `tanh relative error ${worstTanh}`);
  const special = run([0, 1e-30, -1e-30, Infinity, -Infinity, Number.NaN, ...new Array<number>(n - 6).fill(0)]);
  expectClose('sigmoid at 0, ±1e-30, ±∞, NaN', special.sigmoid.slice(0, 6), [0.5, 0.5, 0.5, 1, 0, Number.NaN], { atol: 2 ** -126, rtol: 0 });
  expectClose('tanh at 0, ±1e-30, ±∞, NaN', special.tanh.slice(0, 6), [0, 1e-30, -1e-30, 1, -1, Number.NaN], { atol: 0, rtol: 2e-7 });
});

test.run();

/**
 * The accuracy of the SIMD module's vectorised sigmoid and tanh, run through `lstmGates` (the
 * kernel that emits them), against Math.exp / Math.tanh in float64, with saturation and NaN.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { kernelModuleBytes, simdSupported, type KernelExports } from '../../../../../src/autograd/backend/simd/kernels/module.js';
import { webAssembly } from '../../../../../src/wasm/wasm-api.js';
import { expectClose } from '../../../../util/close.js';

const test = suite('simd kernels: activations');

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

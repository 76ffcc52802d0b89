/**
 * The SIMD module's LSTM backward step (`lstmGatesBackward`) on one row of four units, against
 * equations (6)–(8) of ops/lstm.ts in float64: gradients below LSTM_GRADIENT_FLOOR leave as zeros,
 * the others as the equations give them, NaN as NaN.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LSTM_GRADIENT_FLOOR } from '../../../../../src/autograd/backend/lstm-gradient-floor.js';
import { kernelModuleBytes, simdSupported, type KernelExports } from '../../../../../src/autograd/backend/simd/kernels/module.js';
import { webAssembly } from '../../../../../src/wasm/wasm-api.js';
import { expectClose } from '../../../../util/close.js';

const test = suite('simd kernels: lstm gates');

test('lstmGatesBackward: (6)-(8) per lane, zero below the gradient floor, NaN kept', async () => {
  const wasm = webAssembly();
  if (!wasm || !simdSupported()) return console.log('\n  skip: no WebAssembly SIMD');
  const memory = new wasm.Memory({ initial: 1, maximum: 1 });
  const instance = await wasm.instantiate(await wasm.compile(kernelModuleBytes({ mr: 8, nr: 16, unroll: 2, madd: false }, { shared: false, maximumPages: 1 })), { env: { memory } });
  const kernels = instance.exports as unknown as KernelExports;
  const view = new Float32Array(memory.buffer);
  const [gi, gf, gg, go] = [0.6, 0.7, -0.4, 0.55];
  const [th, cPrev] = [0.3, -0.8];
  // lanes: far below the floor (still a normal float32), just below it, well above it, NaN
  const dy = [1e-33, 0.9 * LSTM_GRADIENT_FLOOR, 1e-20, Number.NaN];
  // floats: gates i f g o [4 × 4] at 0, dy 16, rec 20 (zero), scale 24 (one), cPrev 28, th 32, dc 36 (zero)
  view.fill(0, 0, 64);
  [gi, gf, gg, go].forEach((v, q) => view.fill(v, 4 * q, 4 * q + 4));
  view.set(dy, 16);
  view.fill(1, 24, 28);
  view.fill(cPrev, 28, 32);
  view.fill(th, 32, 36);
  kernels.lstmGatesBackward(0, 0, 64, 0, 80, 0, 96, 112, 0, 128, 0, 144, 1, 4);
  const f = Math.fround;
  const expected = dy.map((d) => {
    const dh = f(d);
    const dc = dh * f(go) * (1 - f(th) * f(th));
    const raw = [dc * f(gg) * f(gi) * (1 - f(gi)), dc * f(cPrev) * f(gf) * (1 - f(gf)), dc * f(gi) * (1 - f(gg) * f(gg)), dh * f(th) * f(go) * (1 - f(go)), dc * f(gf)];
    return raw.map((v) => (Math.abs(v) < LSTM_GRADIENT_FLOOR ? 0 : v));
  });
  const got = (slot: number) => Array.from(view.slice(slot, slot + 4));
  const names = ['dz_i', 'dz_f', 'dz_g', 'dz_o'];
  names.forEach((name, q) => expectClose(`lstmGatesBackward ${name}`, got(4 * q), expected.map((e) => e[q]), { atol: 0, rtol: 1e-6 }));
  expectClose('lstmGatesBackward next δc', got(36), expected.map((e) => e[4]), { atol: 0, rtol: 1e-6 });
  for (const slot of [0, 4, 8, 12, 36]) {
    assert.is(view[slot], 0, 'a gradient of 1e-33 leaves as 0');
    assert.is(view[slot + 1], 0, 'a gradient just below the floor leaves as 0');
    assert.ok(view[slot + 2] !== 0 && Math.abs(view[slot + 2]) > LSTM_GRADIENT_FLOOR, 'a gradient above the floor is kept');
    assert.ok(Number.isNaN(view[slot + 3]), 'NaN is kept');
  }
});

test.run();

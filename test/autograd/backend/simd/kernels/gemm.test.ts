/**
 * The pack kernels of the SIMD module against the definition of the packed layout: element
 * (idx, p) of panel q at `q·kPad·W + p·W + r`, zeros outside; and gemm's `accumulate`, which adds
 * the product to C instead of overwriting it. (The gemm itself is checked through the backend
 * kernel suite, test/autograd/backend.test.ts.)
 */
import { suite } from 'uvu';
import { kernelModuleBytes, simdSupported, type KernelExports } from '../../../../../src/autograd/backend/simd/kernels/module.js';
import { webAssembly } from '../../../../../src/wasm/wasm-api.js';
import { expectClose } from '../../../../util/close.js';

/** Bit-for-bit equality. */
const exact = { atol: 0, rtol: 0 };

const test = suite('simd kernels: packing');

test('pack kernels lay panels out as documented, for both source orders and panel widths with and without f32x4 paths', async () => {
  const wasm = webAssembly();
  if (!wasm || !simdSupported()) return console.log('\n  skip: no WebAssembly SIMD');
  // mr 6 is no multiple of 4, so its module has only the scalar packing paths
  for (const shape of [{ mr: 8, nr: 16, unroll: 2, madd: false }, { mr: 6, nr: 12, unroll: 2, madd: false }]) {
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
        expectClose(`${name} width ${width} sIdx=${sIdx} sDepth=${sDepth}`, view.subarray(dst / 4, dst / 4 + expected.length), expected, exact);
      }
    }
  }
});

test('gemm with accumulate adds op(A)·B to C, and without it overwrites C, with depth blocks of kc', async () => {
  const wasm = webAssembly();
  if (!wasm || !simdSupported()) return console.log('\n  skip: no WebAssembly SIMD');
  const shape = { mr: 8, nr: 16, unroll: 2, madd: false };
  const memory = new wasm.Memory({ initial: 4, maximum: 4 });
  const kernels = (await wasm.instantiate(await wasm.compile(kernelModuleBytes(shape, { shared: false, maximumPages: 4 })), { env: { memory } })).exports as unknown as KernelExports;
  const view = new Float32Array(memory.buffer);
  // C [9, 5] = A [9, 6]·B [6, 5]; kc = 4 cuts the depth in two blocks
  const [m, k, n, kc] = [9, 6, 5, 4];
  const [aSrc, bSrc, bp, aBuf, c] = [0, 1024, 2048, 8192, 16384];
  const ldc = 4 * shape.nr;
  const a = Array.from({ length: m * k }, (_, i) => (i % 7) - 3);
  const b = Array.from({ length: k * n }, (_, i) => (i % 5) - 2);
  view.set(a, aSrc / 4);
  view.set(b, bSrc / 4);
  kernels.packB(bSrc, bp, n, k, k, 1, n);
  const product = Array.from({ length: m * n }, (_, idx) => {
    const [i, j] = [Math.floor(idx / n), idx % n];
    return a.slice(i * k, (i + 1) * k).reduce((sum, v, p) => sum + v * b[p * n + j], 0);
  });
  const rows = () => Array.from({ length: m * n }, (_, idx) => view[c / 4 + Math.floor(idx / n) * (ldc / 4) + (idx % n)]);
  for (const accumulate of [0, 1]) {
    view.fill(10, c / 4, c / 4 + 2 * shape.mr * (ldc / 4));
    kernels.gemm(aSrc, k, 1, m, k, k, aBuf, bp, c, 0, 2, 1, kc, 32, ldc, accumulate);
    expectClose(`accumulate ${accumulate}`, rows(), product.map((v) => v + 10 * accumulate), exact);
  }
});

test.run();

/**
 * The pack kernels of the SIMD module against the definition of the packed layout: element
 * (idx, p) of panel q at `q·kPad·W + p·W + r`, zeros outside. (The gemm itself is checked through
 * the backend kernel suite, test/autograd/backend.test.ts.)
 */
import { suite } from 'uvu';
import { kernelModuleBytes, simdSupported, type KernelExports } from '../../../../../src/autograd/backend/simd/kernels/module.js';
import { webAssembly } from '../../../../../src/autograd/backend/simd/wasm-api.js';
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

test.run();

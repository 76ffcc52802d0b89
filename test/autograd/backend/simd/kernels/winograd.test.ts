/**
 * The Winograd kernels of the SIMD module against their documented contract, on F(2, 3) (a tile
 * the backend does not use by default, so the emitters are checked beyond F(4, 5)): `winogradConv`
 * writes act(correlation + bias) in the documented rows, block ranges split over calls give the
 * same bits, relu 0 keeps negative values; `winogradFilterGrad` writes one partial Ŵ per chunk at
 * the documented address, and Gᵀ·Σ partials is the filter gradient.
 */
import { suite } from 'uvu';
import { Rng } from '../../../../../src/autograd/index.js';
import { kernelModuleBytes, simdSupported, type KernelExports } from '../../../../../src/autograd/backend/simd/kernels/module.js';
import { Layout } from '../../../../../src/autograd/backend/simd/memory.js';
import { webAssembly } from '../../../../../src/wasm/wasm-api.js';
import { winogradMatrices } from '../../../../../src/autograd/backend/simd/winograd-matrices.js';
import { expectClose } from '../../../../util/close.js';

const test = suite('simd kernels: winograd');
const exact = { atol: 0, rtol: 0 };
const close = { atol: 1e-5, rtol: 1e-5 };

const shape = { mr: 8, nr: 16, unroll: 2, madd: false };
const mats = winogradMatrices(2, 3);
const { m, r, alpha } = mats;
const [cin, cout, nTiles] = [4, 8, 20];
const frames = nTiles * m + r - 1;
const rng = new Rng(11);
const d = Float32Array.from({ length: frames * cin }, () => rng.uniform(-1, 1));
const w = Float32Array.from({ length: r * cin * cout }, () => rng.uniform(-1, 1));
const bias = Float32Array.from({ length: cout }, () => rng.uniform(-1, 1));
const e = Float32Array.from({ length: nTiles * m * cout }, () => rng.uniform(-1, 1));

async function kernelsOn(memoryPages: number) {
  const wasm = webAssembly()!;
  const memory = new wasm.Memory({ initial: memoryPages, maximum: memoryPages });
  const module = await wasm.compile(kernelModuleBytes(shape, { shared: false, maximumPages: memoryPages }, mats));
  const kernels = (await wasm.instantiate(module, { env: { memory } })).exports as unknown as Required<KernelExports>;
  return { kernels, f32: new Float32Array(memory.buffer) };
}

test('winogradConv: the correlation plus bias in rows g·m + j, relu as a floor, block ranges split over calls', async () => {
  if (!webAssembly() || !simdSupported()) return console.log('\n  skip: no WebAssembly SIMD');
  const { kernels, f32 } = await kernelsOn(16);
  const mb = 8;
  const kPad = cin;
  const nPanels = 1;
  const ldcM = nPanels * shape.nr;
  const mem = new Layout();
  const x = mem.floats(frames * cin);
  const uStride = 4 * nPanels * shape.nr * kPad;
  const u = mem.floats(alpha * (uStride / 4));
  const staging = mem.floats(cin * cout);
  const biasAt = mem.floats(cout);
  const aOff = 4 * alpha * mb * cin;
  const mOff = aOff + 4 * mb * kPad;
  const scratch = mem.floats(mOff / 4 + alpha * mb * ldcM);
  const y = mem.floats(nTiles * m * cout);
  f32.set(d, x / 4);
  f32.set(bias, biasAt / 4);
  for (let xi = 0; xi < alpha; xi++) {
    for (let i = 0; i < cin * cout; i++) {
      let sum = 0;
      for (let k = 0; k < r; k++) sum += mats.g[xi * r + k] * w[k * cin * cout + i];
      f32[staging / 4 + i] = sum;
    }
    kernels.packB(staging, u + xi * uStride, cout, cin, kPad, 1, cout);
  }
  const blocks = Math.ceil(nTiles / mb);
  const run = (relu: number, blk0: number, blk1: number) => kernels.winogradConv(x, cin, kPad, nTiles, u, uStride, nPanels, cout, y, 4 * cout, biasAt, relu, scratch, aOff, mOff, mb, blk0, blk1, 256, 32);
  const rows = () => Float32Array.from(f32.subarray(y / 4, y / 4 + nTiles * m * cout));
  for (const relu of [0, 1]) {
    const expected = Float64Array.from({ length: nTiles * m * cout }, (_, idx) => {
      const [t, o] = [Math.floor(idx / cout), idx % cout];
      let z = bias[o];
      for (let k = 0; k < r; k++) for (let c = 0; c < cin; c++) z += d[(t + k) * cin + c] * w[(k * cin + c) * cout + o];
      return relu ? Math.max(z, 0) : z;
    });
    f32.fill(Number.NaN, y / 4, y / 4 + nTiles * m * cout);
    run(relu, 0, blocks);
    const whole = rows();
    expectClose(`relu ${relu}: all blocks in one call`, whole, expected, close);
    f32.fill(Number.NaN, y / 4, y / 4 + nTiles * m * cout);
    run(relu, 0, 1);
    run(relu, 1, blocks);
    expectClose(`relu ${relu}: blocks split over two calls`, rows(), whole, exact);
  }
});

test('winogradFilterGrad: a partial Ŵ per chunk at w + (n·α + ξ)·wStride, Gᵀ·Σ partials = Σ_t d[t + k]·e[t], chunk ranges split', async () => {
  if (!webAssembly() || !simdSupported()) return console.log('\n  skip: no WebAssembly SIMD');
  const { kernels, f32 } = await kernelsOn(16);
  const [kb, chunkTiles] = [4, 8];
  const chunks = Math.ceil(nTiles / chunkTiles);
  const nPanels = 1;
  const ldcW = 4 * nPanels * shape.nr;
  const wStride = ldcW * shape.mr;
  const mem = new Layout();
  const x = mem.floats(frames * cin);
  const dz = mem.floats(nTiles * m * cout);
  const wHat = mem.floats(chunks * alpha * (wStride / 4));
  const eOff = 4 * alpha * kb * cin;
  const bOff = eOff + 4 * alpha * kb * cout;
  const aOff = bOff + 4 * nPanels * shape.nr * kb;
  const scratch = mem.floats(aOff / 4 + shape.mr * kb);
  f32.set(d, x / 4);
  f32.set(e, dz / 4);
  const run = (chunk0: number, chunk1: number) => kernels.winogradFilterGrad(x, cin, dz, cout, nTiles, chunkTiles, kb, nPanels, wHat, ldcW, scratch, eOff, bOff, aOff, chunk0, chunk1, 256, 32);
  const partials = () => Float32Array.from(f32.subarray(wHat / 4, wHat / 4 + chunks * alpha * (wStride / 4)));
  run(0, chunks);
  const whole = partials();
  const dw = new Float64Array(r * cin * cout);
  for (let k = 0; k < r; k++)
    for (let c = 0; c < cin; c++)
      for (let o = 0; o < cout; o++) {
        let sum = 0;
        for (let n = 0; n < chunks; n++) for (let xi = 0; xi < alpha; xi++) sum += mats.g[xi * r + k] * whole[(n * alpha + xi) * (wStride / 4) + c * (ldcW / 4) + o];
        dw[(k * cin + c) * cout + o] = sum;
      }
  const expected = Float64Array.from({ length: r * cin * cout }, (_, idx) => {
    const [k, c, o] = [Math.floor(idx / (cin * cout)), Math.floor(idx / cout) % cin, idx % cout];
    let sum = 0;
    for (let t = 0; t < nTiles * m; t++) sum += d[(t + k) * cin + c] * e[t * cout + o];
    return sum;
  });
  expectClose('Gᵀ·Σ partials', dw, expected, close);
  f32.fill(Number.NaN, wHat / 4, wHat / 4 + chunks * alpha * (wStride / 4));
  run(0, 1);
  run(1, chunks);
  expectClose('chunks split over two calls', partials(), whole, exact);
});

test.run();

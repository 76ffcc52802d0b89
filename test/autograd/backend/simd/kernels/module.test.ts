/**
 * The kernel module's probes: SIMD validates here; relaxed SIMD is turned on in-process where V8
 * keeps it behind a flag (Node 20), is left alone outside Node, and the module built with it
 * validates with the FMA kernel and without it.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { enableRelaxedMadd, kernelModuleBytes, relaxedMaddSupported, simdSupported } from '../../../../../src/autograd/backend/simd/kernels/module.js';
import { webAssembly } from '../../../../../src/wasm/wasm-api.js';
import { winogradMatrices } from '../../../../../src/autograd/backend/simd/winograd-matrices.js';

const test = suite('simd kernel module');

test('outside Node, enableRelaxedMadd only reports what the engine validates; in Node it turns relaxed SIMD on', async () => {
  const wasm = webAssembly();
  if (!wasm || !simdSupported()) return console.log('\n  skip: no WebAssembly SIMD');
  assert.is(await enableRelaxedMadd({}), relaxedMaddSupported());
  const major = Number(process.versions.node.split('.')[0]);
  // V8 11.3 (Node 20) has relaxed SIMD behind --experimental-wasm-relaxed-simd; later Nodes ship it
  if (major >= 20) assert.ok(await enableRelaxedMadd(), `relaxed SIMD on in Node ${process.versions.node}`);
  assert.is(await enableRelaxedMadd(), relaxedMaddSupported());
});

test('the module validates with and without the FMA kernel and the Winograd kernels', async () => {
  const wasm = webAssembly();
  if (!wasm || !simdSupported()) return console.log('\n  skip: no WebAssembly SIMD');
  const madds = (await enableRelaxedMadd()) ? [false, true] : [false];
  for (const madd of madds) {
    for (const mats of [null, winogradMatrices(4, 5), winogradMatrices(6, 3)]) {
      const bytes = kernelModuleBytes({ mr: 8, nr: 16, unroll: 2, madd }, { shared: false, maximumPages: 4 }, mats);
      assert.ok(wasm.validate(bytes), `madd ${madd}, ${mats ? `F(${mats.m}, ${mats.r})` : 'no Winograd'}`);
    }
  }
});

test.run();

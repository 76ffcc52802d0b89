/**
 * The SIMD backend's thread pool: how workers start in each environment (or why they cannot), a
 * product split over three threads equal bit for bit to the same product on one, and the limit on
 * a job's arguments. (The Winograd kernels' jobs are checked in winograd.test.ts.)
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { kernelModuleBytes, simdSupported, type KernelExports } from '../../../../src/autograd/backend/simd/kernels/module.js';
import { MatmulHost } from '../../../../src/autograd/backend/simd/matmul.js';
import { MAX_PAGES, SimdMemory } from '../../../../src/autograd/backend/simd/memory.js';
import { MAX_JOB_ARGS, MAX_THREADS, ThreadPool, workerStarter } from '../../../../src/autograd/backend/simd/thread-pool.js';
import { webAssembly } from '../../../../src/wasm/wasm-api.js';
import { expectClose } from '../../../util/close.js';

const test = suite('simd thread pool');

test('Node starts workers; a host without Worker or without cross-origin isolation says why not', async () => {
  assert.type(await workerStarter(), 'function');
  assert.match(String(await workerStarter({})), /this environment has no Worker/);
  const browser = { Worker: class {} as never, SharedArrayBuffer, crossOriginIsolated: false };
  assert.match(String(await workerStarter(browser)), /cross-origin isolated page .*Cross-Origin-Opener-Policy: same-origin/);
  assert.match(String(await workerStarter({ ...browser, SharedArrayBuffer: undefined, crossOriginIsolated: true })), /need a SharedArrayBuffer/);
});

test('a product split over three threads equals the one-thread product bit for bit', async () => {
  const wasm = webAssembly();
  if (!wasm || !simdSupported() || typeof SharedArrayBuffer !== 'function') return console.log('\n  skip: needs WebAssembly SIMD and SharedArrayBuffer');
  const shape = { mr: 8, nr: 16, unroll: 2, madd: false };
  const memory = new wasm.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
  const module = await wasm.compile(kernelModuleBytes(shape, { shared: true, maximumPages: MAX_PAGES }));
  const kernels = (await wasm.instantiate(module, { env: { memory } })).exports as unknown as KernelExports;
  const start = await workerStarter();
  if (typeof start === 'string') throw new Error(start);
  const refused = await ThreadPool.start(MAX_THREADS + 1, module, memory, 0, start).then(() => null, (err: Error) => err.message);
  assert.match(String(refused), /at most 32 threads/);
  const pool = await ThreadPool.start(3, module, memory, 0, start);
  const blocks = { kc: 64, mc: 16 };
  const threaded = new MatmulHost(new SimdMemory(memory), kernels, shape, blocks, 0, pool);
  const single = new MatmulHost(new SimdMemory(memory), kernels, shape, blocks, 0, null);
  const [m, k, n] = [131, 150, 37];
  const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i));
  const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i));
  const [c1, c3] = [new Float32Array(m * n), new Float32Array(m * n)];
  single.matmul(a, b, c1, m, k, n, false, true);
  threaded.matmul(a, b, c3, m, k, n, false, true);
  expectClose('three threads vs one', c3, c1, { atol: 0, rtol: 0 });
  const tooMany = { kernel: 'gemm' as const, args: new Array<number>(MAX_JOB_ARGS + 1).fill(0), rangeAt: 9, scratchAt: 6, units: 2, chunkUnits: 1 };
  assert.throws(() => pool.run(kernels as never, tooMany, [0, 0, 0]), /simd backend: gemm takes 23 arguments, a job at most 22/);
  await pool.dispose();
});

test.run();

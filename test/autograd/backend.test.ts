/**
 * The shared kernel suite: every available backend against the reference backend (and the
 * reference against a naive dot product), on odd sizes that cut the register tiles and the
 * depth blocks, on the transposed variants, on views into larger buffers, on K = 0, and on
 * float64 data (which every fast backend must hand to the reference loops). Then the SIMD
 * backend's thread-count determinism and backend selection by name.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, referenceBackend, type Backend } from '../../src/autograd/index.js';
import { backendNames, createBackend, createSimdBackend, gpujsUnavailableReason, simdUnavailableReason } from '../../src/autograd/backend/index.js';
import { expectClose } from '../util/close.js';

/** Bit-for-bit equality. */
const exact = { atol: 0, rtol: 0 };
import { availableBackends } from './backends.js';

const rng = new Rng(7);
const random = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1));

/** C = op(A)·op(B) by the definition, in float64. */
function naiveMatmul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number, transA: boolean, transB: boolean): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
      c[i * n + j] = s;
    }
  return c;
}

/** [M, K, N]: tiny, tile-edge (the SIMD tile is 8×16, the tiled one 4×4), K past one and two depth blocks of 256, the LSTM's gate product. */
const shapes: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [17, 33, 9],
  [64, 64, 64],
  [8, 16, 16],
  [9, 17, 17],
  [7, 15, 31],
  [33, 1, 65],
  [1, 300, 33],
  [5, 257, 3],
  [20, 600, 40],
  [32, 168, 512],
  [70, 129, 31],
];
const variants = [[false, false], [true, false], [false, true], [true, true]] as const;

function kernelSuite(backend: Backend, expected: (a: Float32Array, b: Float32Array, m: number, k: number, n: number, tA: boolean, tB: boolean) => ArrayLike<number>) {
  const test = suite(`backend ${backend.name}`);
  for (const [m, k, n] of shapes) {
    for (const [tA, tB] of variants) {
      test(`matmul ${m}x${k}x${n}${tA ? ' Aᵀ' : ''}${tB ? ' Bᵀ' : ''}`, () => {
        const a = random(m * k);
        const b = random(k * n);
        const c = new Float32Array(m * n).fill(Number.NaN);
        backend.matmul(a, b, c, m, k, n, tA, tB);
        expectClose(`${backend.name} matmul ${m}x${k}x${n} tA=${tA} tB=${tB}`, c, expected(a, b, m, k, n, tA, tB), { atol: 1e-5 * Math.sqrt(k), rtol: 1e-4 });
      });
    }
  }

  test('views into larger buffers: reads only its inputs, writes only its output', () => {
    const [m, k, n] = [11, 19, 23];
    const aAll = random(5 + m * k + 5);
    const bAll = random(3 + k * n + 3);
    const cAll = new Float32Array(7 + m * n + 7).fill(42);
    const a = aAll.subarray(5, 5 + m * k);
    const b = bAll.subarray(3, 3 + k * n);
    backend.matmul(a, b, cAll.subarray(7, 7 + m * n), m, k, n, false, true);
    expectClose(`${backend.name} view product`, cAll.subarray(7, 7 + m * n), naiveMatmul(a, b, m, k, n, false, true), { atol: 1e-5 * Math.sqrt(k), rtol: 1e-4 });
    expectClose(`${backend.name} untouched guard cells`, [...cAll.subarray(0, 7), ...cAll.subarray(7 + m * n)], new Array(14).fill(42), exact);
  });

  test('K = 0 gives zeros', () => {
    const c = new Float32Array(6).fill(Number.NaN);
    backend.matmul(new Float32Array(0), new Float32Array(0), c, 2, 0, 3);
    expectClose(`${backend.name} empty product`, c, new Float64Array(6), exact);
  });

  test('float64 data is computed in float64 (delegated to the reference loops)', () => {
    const [m, k, n] = [13, 37, 19];
    for (const [tA, tB] of variants) {
      const a = Float64Array.from({ length: m * k }, () => rng.uniform(-1, 1));
      const b = Float64Array.from({ length: k * n }, () => rng.uniform(-1, 1));
      const c = new Float64Array(m * n);
      backend.matmul(a, b, c, m, k, n, tA, tB);
      // float32 arithmetic would miss this bound by about four orders of magnitude
      expectClose(`${backend.name} float64 matmul tA=${tA} tB=${tB}`, c, naiveMatmul(a, b, m, k, n, tA, tB), { atol: 1e-12, rtol: 1e-12 });
    }
  });
  test.run();
}

kernelSuite(referenceBackend, naiveMatmul);
for (const backend of await availableBackends()) {
  kernelSuite(backend, (a, b, m, k, n, tA, tB) => {
    const c = new Float32Array(m * n);
    referenceBackend.matmul(a, b, c, m, k, n, tA, tB);
    return c;
  });
}

const selection = suite('backend selection');

selection('createBackend builds every runnable backend by name, and each computes a product', async () => {
  const [m, k, n] = [6, 10, 18];
  const a = random(m * k);
  const b = random(k * n);
  for (const name of backendNames) {
    const reason = name === 'gpujs' ? gpujsUnavailableReason('gpu') : name === 'simd' ? simdUnavailableReason() : null;
    if (reason) {
      let message = '';
      await createBackend(name).catch((err: Error) => (message = err.message));
      assert.ok(message.includes(reason), `createBackend('${name}') should refuse with the reason, got '${message}'`);
      continue;
    }
    const backend = await createBackend(name);
    const c = new Float32Array(m * n);
    backend.matmul(a, b, c, m, k, n);
    expectClose(`createBackend('${name}') product`, c, naiveMatmul(a, b, m, k, n, false, false), { atol: 1e-5, rtol: 1e-4 });
    await backend.dispose();
  }
});

selection('unknown names and gpu.js modes are refused', async () => {
  let message = '';
  await createBackend('cuda' as never).catch((err: Error) => (message = err.message));
  assert.ok(message.includes("unknown backend 'cuda'"), message);
  message = '';
  await createBackend('gpujs', { gpujsMode: 'metal' as never }).catch((err: Error) => (message = err.message));
  assert.ok(message.includes("unknown mode 'metal'"), message);
});

selection.run();

const threads = suite('simd threads');

if (simdUnavailableReason() === null && typeof SharedArrayBuffer === 'function') {
  threads('results are identical for 1, 2 and 3 threads', async () => {
    const one = await createSimdBackend({ threads: 1 });
    const many = [await createSimdBackend({ threads: 2, parallelMinFlops: 0 }), await createSimdBackend({ threads: 3, parallelMinFlops: 0 })];
    for (const [m, k, n] of [[70, 129, 31], [32, 168, 512], [9, 600, 17], [200, 40, 100]] as const) {
      for (const [tA, tB] of variants) {
        const a = random(m * k);
        const b = random(k * n);
        const c1 = new Float32Array(m * n);
        one.matmul(a, b, c1, m, k, n, tA, tB);
        for (const backend of many) {
          const c = new Float32Array(m * n);
          backend.matmul(a, b, c, m, k, n, tA, tB);
          expectClose(`${backend.name} vs 1 thread, ${m}x${k}x${n} tA=${tA} tB=${tB}`, c, c1, exact);
        }
      }
    }
    await Promise.all([one, ...many].map((backend) => backend.dispose()));
  });
} else {
  console.log('\n  skip: simd thread determinism: needs WebAssembly SIMD and SharedArrayBuffer');
}

threads.run();

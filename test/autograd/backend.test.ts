/**
 * The shared kernel suite: every available backend against the reference backend (and the
 * reference against a naive dot product), on odd sizes and on the transposed variants.
 */
import { suite } from 'uvu';
import { Rng, referenceBackend, type Backend } from '../../src/autograd/index.js';
import { expectClose } from '../util/close.js';
import { availableBackends } from './backends.js';

const rng = new Rng(7);
const random = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1));

/** C = op(A)·op(B) by the definition, in float64. */
function naiveMatmul(a: Float32Array, b: Float32Array, m: number, k: number, n: number, transA: boolean, transB: boolean): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
      c[i * n + j] = s;
    }
  return c;
}

const shapes: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [17, 33, 9],
  [64, 64, 64],
  [32, 168, 512],
  [70, 129, 31],
];

function kernelSuite(backend: Backend, expected: (a: Float32Array, b: Float32Array, m: number, k: number, n: number, tA: boolean, tB: boolean) => ArrayLike<number>) {
  const test = suite(`backend ${backend.name}`);
  for (const [m, k, n] of shapes) {
    for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      test(`matmul ${m}x${k}x${n}${tA ? ' Aᵀ' : ''}${tB ? ' Bᵀ' : ''}`, () => {
        const a = random(m * k);
        const b = random(k * n);
        const c = new Float32Array(m * n).fill(Number.NaN);
        backend.matmul(a, b, c, m, k, n, tA, tB);
        expectClose(`${backend.name} matmul ${m}x${k}x${n} tA=${tA} tB=${tB}`, c, expected(a, b, m, k, n, tA, tB), { atol: 1e-5 * Math.sqrt(k), rtol: 1e-4 });
      });
    }
  }
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

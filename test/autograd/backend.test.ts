/**
 * The shared kernel suite: every available backend against the reference backend (and the
 * reference against a naive dot product), on odd sizes that cut the register tiles and the
 * depth blocks, on the transposed variants, on views into larger buffers, on K = 0, and on
 * float64 data (which every fast backend must hand to the reference loops). The same for the
 * convolution kernels, forward (with bias and relu) and backward, over strides, paddings and
 * channel counts. The same for the LSTM recurrence, forward and backward, over both return modes,
 * with and without a recurrent mask (the reference's own yardstick is the composed LSTM,
 * test/nn/lstm.test.ts). Then the SIMD backend's thread-count determinism and backend selection
 * by name.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, convGeometry, referenceBackend, type Backend, type Conv1dShape, type Data, type LstmCache, type LstmGrads, type LstmShape, type Padding } from '../../src/autograd/index.js';
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

/**
 * Convolution geometries [B, T, Cin, K, Cout, stride, padding]: the paper CNN's layers at a short
 * length, odd channel counts that cut the 8×16 tile, strides 2 and 3 (also larger than K), K = T,
 * even kernels (unequal 'same' padding), a single frame.
 */
type ConvSpec = readonly [number, number, number, number, number, number, Padding];
const convShapes: ConvSpec[] = [
  [3, 17, 40, 5, 32, 1, 'same'],
  [2, 13, 32, 5, 64, 1, 'same'],
  [2, 9, 3, 3, 5, 1, 'same'],
  [2, 11, 7, 4, 17, 2, 'same'],
  [2, 13, 3, 2, 5, 3, 'same'],
  [1, 8, 2, 3, 3, 3, 'valid'],
  [2, 10, 5, 5, 20, 2, 'valid'],
  [2, 5, 3, 5, 4, 1, 'valid'],
  [3, 1, 3, 1, 2, 1, 'valid'],
  [2, 6, 9, 4, 3, 1, 'same'],
];

function convShape([batch, length, channels, kernel, filters, stride, padding]: ConvSpec): Conv1dShape {
  return { batch, length, channels, kernel, filters, stride, ...convGeometry(length, kernel, stride, padding) };
}

/** conv1d by its definition on an explicitly zero-padded copy of x, in float64. */
function naiveConv(x: ArrayLike<number>, w: ArrayLike<number>, bias: ArrayLike<number> | null, relu: boolean, g: Conv1dShape): Float64Array {
  const { batch, length, channels, kernel, filters, stride, padBefore, outLength } = g;
  const padded = padBefore + length + kernel + outLength * stride;
  const xpad = new Float64Array(batch * padded * channels);
  for (let b = 0; b < batch; b++) for (let t = 0; t < length; t++) for (let c = 0; c < channels; c++) xpad[(b * padded + padBefore + t) * channels + c] = x[(b * length + t) * channels + c];
  const y = new Float64Array(batch * outLength * filters);
  for (let b = 0; b < batch; b++)
    for (let t = 0; t < outLength; t++)
      for (let o = 0; o < filters; o++) {
        let z = bias ? bias[o] : 0;
        for (let k = 0; k < kernel; k++) for (let c = 0; c < channels; c++) z += xpad[(b * padded + t * stride + k) * channels + c] * w[(k * channels + c) * filters + o];
        y[(b * outLength + t) * filters + o] = relu ? Math.max(z, 0) : z;
      }
  return y;
}

function convSuite(backend: Backend) {
  const test = suite(`backend ${backend.name}: conv1d`);
  for (const spec of convShapes) {
    const g = convShape(spec);
    const label = `B${g.batch} T${g.length} Cin${g.channels} K${g.kernel} Cout${g.filters} s${g.stride} ${spec[6]}`;
    const tol = { atol: 1e-5 * Math.sqrt(g.kernel * g.channels * g.batch * g.outLength), rtol: 1e-4 };
    for (const [withBias, relu] of [[false, false], [true, true], [true, false]] as const) {
      test(`${label}${withBias ? ' +bias' : ''}${relu ? ' relu' : ''}: forward and backward match the reference`, () => {
        const x = random(g.batch * g.length * g.channels);
        const w = random(g.kernel * g.channels * g.filters);
        const bias = withBias ? random(g.filters) : null;
        const dy = random(g.batch * g.outLength * g.filters);
        const yRef = new Float32Array(dy.length);
        referenceBackend.conv1d(x, w, bias, relu, yRef, g);
        if (backend === referenceBackend) {
          expectClose(`reference conv1d ${label}`, yRef, naiveConv(x, w, bias, relu, g), tol);
          return;
        }
        const y = new Float32Array(dy.length).fill(Number.NaN);
        backend.conv1d(x, w, bias, relu, y, g);
        expectClose(`${backend.name} conv1d ${label}`, y, yRef, tol);
        // both backwards see the reference's y, so a relu mask cannot differ by a rounding near 0
        const grads = () => ({ dx: new Float32Array(x.length).fill(Number.NaN), dw: new Float32Array(w.length).fill(Number.NaN), dbias: withBias ? new Float32Array(g.filters).fill(Number.NaN) : null });
        const ref = grads();
        const got = grads();
        referenceBackend.conv1dBackward(x, w, yRef, dy, relu, g, ref);
        backend.conv1dBackward(x, w, yRef, dy, relu, g, got);
        expectClose(`${backend.name} conv1d dx ${label}`, got.dx, ref.dx, tol);
        expectClose(`${backend.name} conv1d dw ${label}`, got.dw, ref.dw, tol);
        if (withBias) expectClose(`${backend.name} conv1d dbias ${label}`, got.dbias!, ref.dbias!, tol);
      });
    }
  }

  test('only the requested gradients are written', () => {
    const g = convShape([2, 9, 3, 3, 5, 1, 'same']);
    const x = random(g.batch * g.length * g.channels);
    const w = random(g.kernel * g.channels * g.filters);
    const dy = random(g.batch * g.outLength * g.filters);
    const dw = new Float32Array(w.length);
    const ref = new Float32Array(w.length);
    backend.conv1dBackward(x, w, null, dy, false, g, { dx: null, dw, dbias: null });
    referenceBackend.conv1dBackward(x, w, null, dy, false, g, { dx: null, dw: ref, dbias: null });
    expectClose(`${backend.name} conv1d dw alone`, dw, ref, { atol: 1e-5, rtol: 1e-4 });
  });

  test('relu keeps NaN; its gradient is 0 there', () => {
    const g = convShape([1, 4, 2, 1, 2, 1, 'valid']);
    const x = Float32Array.from([1, 2, Number.NaN, 1, -1, -2, 3, 4]);
    const w = Float32Array.from([1, 0, 0, 1]);
    const y = new Float32Array(8);
    backend.conv1d(x, w, null, true, y, g);
    // the NaN frame poisons both of its outputs (NaN·0 is NaN)
    expectClose(`${backend.name} relu conv with NaN`, y, [1, 2, Number.NaN, Number.NaN, 0, 0, 3, 4], exact);
    const dx = new Float32Array(8);
    backend.conv1dBackward(x, w, y, new Float32Array(8).fill(1), true, g, { dx, dw: null, dbias: null });
    expectClose(`${backend.name} relu conv gradient with NaN`, dx, [1, 1, 0, 0, 0, 0, 1, 1], exact);
  });

  test('float64 data is computed in float64 (delegated to the reference loops)', () => {
    const g = convShape([2, 7, 3, 3, 4, 2, 'same']);
    const x = Float64Array.from({ length: g.batch * g.length * g.channels }, () => rng.uniform(-1, 1));
    const w = Float64Array.from({ length: g.kernel * g.channels * g.filters }, () => rng.uniform(-1, 1));
    const y = new Float64Array(g.batch * g.outLength * g.filters);
    backend.conv1d(x, w, null, false, y, g);
    expectClose(`${backend.name} float64 conv1d`, y, naiveConv(x, w, null, false, g), { atol: 1e-12, rtol: 1e-12 });
  });
  test.run();
}

convSuite(referenceBackend);
for (const backend of await availableBackends()) convSuite(backend);

/**
 * LSTM sizes [B, T, F, U]: one step of one unit group, a batch that cuts the 8-row tile, the
 * paper's first layer (F 40, U 128) and second (F 128, U 32) at a short length, and U not a
 * multiple of 4 (the SIMD backend's plain-loop path).
 */
const lstmShapes: [number, number, number, number][] = [
  [1, 1, 1, 4],
  [3, 5, 7, 8],
  [9, 13, 5, 12],
  [4, 6, 40, 128],
  [5, 4, 128, 32],
  [2, 4, 3, 5],
];

function lstmCache(like: Data, { batch, steps, units }: LstmShape): LstmCache {
  const make = (n: number) => (like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n)).fill(Number.NaN);
  const rows = batch * steps;
  return { gates: make(rows * 4 * units), cells: make(rows * units), cellTanh: make(rows * units), hidden: make(rows * units), hMasked: make(rows * units) };
}

/** Inputs of one LSTM layer: x [B·T, F], W, Uh (small, so the gates are not saturated), b, dy, and sh (or null). */
function lstmInputs(g: LstmShape, returnSequences: boolean, masked: boolean, make: (n: number, scale: number) => Float32Array | Float64Array) {
  const { batch, steps, features, units } = g;
  const scale = masked ? make(batch * units, 1).map((v) => (v > -0.4 ? 1 / 0.7 : 0)) : null;
  return {
    x: make(batch * steps * features, 1),
    w: make(features * 4 * units, 1 / Math.sqrt(features)),
    u: make(units * 4 * units, 1 / Math.sqrt(units)),
    bias: make(4 * units, 0.5),
    dy: make((returnSequences ? batch * steps : batch) * units, 1),
    scale,
  };
}

/** Forward and backward of one LSTM layer on `backend`: every cache buffer and every gradient. */
function runLstm(backend: Backend, g: LstmShape, returnSequences: boolean, inputs: ReturnType<typeof lstmInputs>, wanted: (keyof LstmGrads)[] = ['dx', 'dw', 'du', 'dbias']): Record<string, Data | null> {
  const { x, w, u, bias, dy, scale } = inputs;
  const cache = lstmCache(x, g);
  backend.lstmForward(x, w, u, bias, scale, g, cache);
  const make = (n: number) => (x instanceof Float64Array ? new Float64Array(n) : new Float32Array(n)).fill(Number.NaN);
  const sizes: Record<keyof LstmGrads, number> = { dx: x.length, dw: w.length, du: u.length, dbias: bias.length };
  const grads = Object.fromEntries((Object.keys(sizes) as (keyof LstmGrads)[]).map((k) => [k, wanted.includes(k) ? make(sizes[k]) : null])) as unknown as LstmGrads;
  backend.lstmBackward(dy, returnSequences, x, w, u, scale, g, cache, grads);
  return { ...cache, ...grads };
}

function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}

function lstmSuite(backend: Backend) {
  const test = suite(`backend ${backend.name}: lstm`);
  for (const [batch, steps, features, units] of lstmShapes) {
    const g: LstmShape = { batch, steps, features, units };
    for (const [returnSequences, masked] of [[true, false], [false, true], [true, true]] as const) {
      test(`B${batch} T${steps} F${features} U${units}${returnSequences ? ' sequences' : ' last'}${masked ? ' masked' : ''}: forward and backward match the reference`, () => {
        const inputs = lstmInputs(g, returnSequences, masked, (n, scale) => random(n).map((v) => v * scale));
        const expected = runLstm(referenceBackend, g, returnSequences, inputs);
        const got = runLstm(backend, g, returnSequences, inputs);
        // float32 rounding through T steps and sums of up to B·T terms: measured at most 6e-7·max|ref| on these shapes and on the paper's layer at T = 128
        for (const [name, ref] of Object.entries(expected)) expectClose(`${backend.name} lstm ${name} B${batch} T${steps} F${features} U${units}`, got[name]!, ref!, { atol: 1e-5 * maxAbs(ref!), rtol: 1e-4 });
      });
    }
  }

  test('lstm: only the requested gradients are written', () => {
    const g: LstmShape = { batch: 3, steps: 4, features: 5, units: 8 };
    const inputs = lstmInputs(g, true, false, (n, scale) => random(n).map((v) => v * scale));
    const expected = runLstm(referenceBackend, g, true, inputs, ['du']);
    const got = runLstm(backend, g, true, inputs, ['du']);
    assert.equal([got.dx, got.dw, got.dbias], [null, null, null]);
    expectClose(`${backend.name} lstm du alone`, got.du!, expected.du!, { atol: 1e-5 * maxAbs(expected.du!), rtol: 1e-4 });
  });

  test('lstm: float64 data is computed in float64 (delegated to the reference loops)', () => {
    const g: LstmShape = { batch: 3, steps: 5, features: 4, units: 8 };
    const inputs = lstmInputs(g, false, true, (n, scale) => Float64Array.from({ length: n }, () => scale * rng.uniform(-1, 1)));
    const expected = runLstm(referenceBackend, g, false, inputs);
    const got = runLstm(backend, g, false, inputs);
    for (const [name, ref] of Object.entries(expected)) expectClose(`${backend.name} float64 lstm ${name}`, got[name]!, ref!, { atol: 1e-12, rtol: 1e-12 });
  });
  test.run();
}

for (const backend of await availableBackends()) lstmSuite(backend);

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
  threads('results are identical for 1, 2 and 3 threads (matmul, conv1d and the LSTM)', async () => {
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
    for (const spec of [[3, 40, 40, 5, 32, 1, 'same'], [2, 33, 7, 4, 17, 2, 'valid']] as const) {
      const g = convShape(spec);
      const x = random(g.batch * g.length * g.channels);
      const w = random(g.kernel * g.channels * g.filters);
      const bias = random(g.filters);
      const dy = random(g.batch * g.outLength * g.filters);
      const run = (backend: Backend) => {
        const y = new Float32Array(dy.length);
        backend.conv1d(x, w, bias, true, y, g);
        const grads = { dx: new Float32Array(x.length), dw: new Float32Array(w.length), dbias: new Float32Array(g.filters) };
        backend.conv1dBackward(x, w, y, dy, true, g, grads);
        return [y, grads.dx, grads.dw, grads.dbias];
      };
      const expected = run(one);
      for (const backend of many) {
        run(backend).forEach((got, i) => expectClose(`${backend.name} vs 1 thread, conv1d ${spec.join(' ')} output ${i}`, got, expected[i], exact));
      }
    }
    for (const [returnSequences, masked] of [[true, true], [false, false]] as const) {
      const g: LstmShape = { batch: 17, steps: 6, features: 40, units: 32 };
      const inputs = lstmInputs(g, returnSequences, masked, (n, scale) => random(n).map((v) => v * scale));
      const expected = runLstm(one, g, returnSequences, inputs);
      for (const backend of many) {
        for (const [name, got] of Object.entries(runLstm(backend, g, returnSequences, inputs))) expectClose(`${backend.name} vs 1 thread, lstm ${name}`, got!, expected[name]!, exact);
      }
    }
    await Promise.all([one, ...many].map((backend) => backend.dispose()));
  });
} else {
  console.log('\n  skip: simd thread determinism: needs WebAssembly SIMD and SharedArrayBuffer');
}

threads.run();

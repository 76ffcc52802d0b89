/**
 * The shared kernel suite as plain labelled cases, without a test runner, so that the same cases
 * run in Node (uvu, test/autograd/backend.test.ts), in a child process under Xvfb on headless-gl
 * and inside headless Chromium (test/autograd/backend/gpujs.test.ts).
 *
 * Every case compares one backend against the reference backend (and the reference against a
 * naive float64 definition): matmul on odd sizes that cut the register tiles and the depth blocks,
 * the transposed variants, views into larger buffers, K = 0 and float64 data (which every fast
 * backend hands to the reference loops); the convolution forward (with bias and relu) and
 * backward over strides, paddings and channel counts; the LSTM recurrence forward and backward
 * over both return modes, with and without a recurrent mask; the paper's max-pooling over odd and
 * even lengths, both paddings and channel counts the SIMD module does and does not take, with ties
 * and NaN.
 *
 * `realistic: true` adds the sizes the paper's models train at, which small shapes never reach:
 * outputs past 2^15 texels (where gpu.js's default shader precision changes), products taller than
 * a GL texture side (16384 rows: 32 GTZAN clips of 1293 frames), depths past one kernel call's
 * loop bound, an operand past 2^24 elements (exact float indexing), the LSTM at the synthetic
 * corpus's length, and one training step (loss and every gradient) of the paper CNN and LSTM.
 * The GL modes also check their resident operands (textures). The cases run in order, small
 * before large, on one backend instance, as training calls them.
 */
import { GpujsBackend, profileGpujsMatmul } from '../../../src/autograd/backend/index.js';
import { Rng, Tensor, backward, convGeometry, referenceBackend, withBackend, type Backend, type Conv1dShape, type Data, type LstmCache, type LstmGrads, type LstmShape, type Padding, type PoolShape } from '../../../src/autograd/index.js';
import { paperCnn, paperLstm } from '../../../src/nn/models/paper.js';
import type { Sequential } from '../../../src/nn/sequential.js';
import { expectClose } from '../../util/close.js';

export interface KernelCase {
  /** 'matmul', 'conv1d', 'lstm', 'maxpool' or 'model step'. */
  group: string;
  name: string;
  run(): void;
}

export interface CaseResult {
  group: string;
  name: string;
  ok: boolean;
  /** The failure's message (expectClose names the label, the worst element and the bound). */
  message?: string;
  ms: number;
}

/** Bit-for-bit equality. */
export const exact = { atol: 0, rtol: 0 };

const rng = new Rng(7);
export function random(n: number): Float32Array {
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.uniform(-1, 1);
  return v;
}

/** C = op(A)·op(B) by the definition, in float64. */
export function naiveMatmul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number, transA: boolean, transB: boolean): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
      c[i * n + j] = s;
    }
  return c;
}

function referenceMatmul(a: Float32Array, b: Float32Array, m: number, k: number, n: number, transA: boolean, transB: boolean): Float32Array {
  const c = new Float32Array(m * n);
  referenceBackend.matmul(a, b, c, m, k, n, transA, transB);
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

/**
 * Sizes that cross gpu.js's and GL's limits, kept cheap on software GL: the paper CNN's first
 * product and its dW on the synthetic corpus (batch 32 × 130 frames = 4160 rows; 133,120 outputs,
 * past 2^15), 41,376 rows (32 GTZAN clips of 1293 frames) and 20,000 columns (past a 16,384-texel
 * texture side), K = 40,000 (three kernel calls' depth), an operand of 2^24 + 1,600 elements.
 */
const realisticShapes: [number, number, number, boolean, boolean][] = [
  [4160, 200, 32, false, false],
  [200, 4160, 32, true, false],
  [41376, 16, 8, false, false],
  [41376, 8, 16, true, true],
  [8, 16, 20000, false, false],
  [3, 40000, 5, false, false],
  [3, 40000, 5, true, true],
  [83894, 200, 1, false, false],
];

export const variants = [[false, false], [true, false], [false, true], [true, true]] as const;

const matmulTolerance = (k: number) => ({ atol: 1e-5 * Math.sqrt(k), rtol: 1e-4 });

function matmulCases(backend: Backend, realistic: boolean): KernelCase[] {
  const cases: KernelCase[] = [];
  const add = (name: string, run: () => void) => cases.push({ group: 'matmul', name, run });
  const expected = (a: Float32Array, b: Float32Array, m: number, k: number, n: number, tA: boolean, tB: boolean) =>
    backend === referenceBackend ? naiveMatmul(a, b, m, k, n, tA, tB) : referenceMatmul(a, b, m, k, n, tA, tB);
  const product = (m: number, k: number, n: number, tA: boolean, tB: boolean) =>
    add(`${m}x${k}x${n}${tA ? ' Aᵀ' : ''}${tB ? ' Bᵀ' : ''}`, () => {
      const a = random(m * k);
      const b = random(k * n);
      const c = new Float32Array(m * n).fill(Number.NaN);
      backend.matmul(a, b, c, m, k, n, tA, tB);
      expectClose(`${backend.name} matmul ${m}x${k}x${n} tA=${tA} tB=${tB}`, c, expected(a, b, m, k, n, tA, tB), matmulTolerance(k));
    });
  for (const [m, k, n] of shapes) for (const [tA, tB] of variants) product(m, k, n, tA, tB);
  if (realistic) for (const [m, k, n, tA, tB] of realisticShapes) product(m, k, n, tA, tB);

  add('views into larger buffers: reads only its inputs, writes only its output', () => {
    const [m, k, n] = [11, 19, 23];
    const aAll = random(5 + m * k + 5);
    const bAll = random(3 + k * n + 3);
    const cAll = new Float32Array(7 + m * n + 7).fill(42);
    const a = aAll.subarray(5, 5 + m * k);
    const b = bAll.subarray(3, 3 + k * n);
    backend.matmul(a, b, cAll.subarray(7, 7 + m * n), m, k, n, false, true);
    expectClose(`${backend.name} view product`, cAll.subarray(7, 7 + m * n), naiveMatmul(a, b, m, k, n, false, true), matmulTolerance(k));
    expectClose(`${backend.name} untouched guard cells`, [...cAll.subarray(0, 7), ...cAll.subarray(7 + m * n)], new Array(14).fill(42), exact);
  });

  add('K = 0 gives zeros', () => {
    const c = new Float32Array(6).fill(Number.NaN);
    backend.matmul(new Float32Array(0), new Float32Array(0), c, 2, 0, 3);
    expectClose(`${backend.name} empty product`, c, new Float64Array(6), exact);
  });

  add('float64 data is computed in float64 (delegated to the reference loops)', () => {
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
  return cases;
}

/**
 * Convolution geometries [B, T, Cin, K, Cout, stride, padding]: the paper CNN's layers at a short
 * length, odd channel counts that cut the 8×16 tile, strides 2 and 3 (also larger than K), K = T,
 * even kernels (unequal 'same' padding), a single frame.
 */
export type ConvSpec = readonly [number, number, number, number, number, number, Padding];
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
  // the SIMD Winograd path's thread split of the filter gradient needs several tile chunks
  [2, 1700, 8, 5, 16, 1, 'same'],
];

/** 13 GTZAN-length clips (1293 frames): 16,809 output rows, past a GL texture side, and as deep a dW product, past one kernel call's depth. */
const realisticConvShapes: ConvSpec[] = [[13, 1293, 4, 5, 8, 1, 'same']];

export function convShape([batch, length, channels, kernel, filters, stride, padding]: ConvSpec): Conv1dShape {
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

function convCases(backend: Backend, realistic: boolean): KernelCase[] {
  const cases: KernelCase[] = [];
  const add = (name: string, run: () => void) => cases.push({ group: 'conv1d', name, run });
  const combos = [[false, false], [true, true], [true, false]] as const;
  for (const spec of [...convShapes, ...(realistic ? realisticConvShapes : [])]) {
    const g = convShape(spec);
    const label = `B${g.batch} T${g.length} Cin${g.channels} K${g.kernel} Cout${g.filters} s${g.stride} ${spec[6]}`;
    const tol = { atol: 1e-5 * Math.sqrt(g.kernel * g.channels * g.batch * g.outLength), rtol: 1e-4 };
    for (const [withBias, relu] of convShapes.includes(spec) ? combos : combos.slice(1, 2)) {
      add(`${label}${withBias ? ' +bias' : ''}${relu ? ' relu' : ''}: forward and backward match the reference`, () => {
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

  add('only the requested gradients are written', () => {
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

  add('relu keeps NaN; its gradient is 0 there', () => {
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

  add('float64 data is computed in float64 (delegated to the reference loops)', () => {
    const g = convShape([2, 7, 3, 3, 4, 2, 'same']);
    const x = Float64Array.from({ length: g.batch * g.length * g.channels }, () => rng.uniform(-1, 1));
    const w = Float64Array.from({ length: g.kernel * g.channels * g.filters }, () => rng.uniform(-1, 1));
    const y = new Float64Array(g.batch * g.outLength * g.filters);
    backend.conv1d(x, w, null, false, y, g);
    expectClose(`${backend.name} float64 conv1d`, y, naiveConv(x, w, null, false, g), { atol: 1e-12, rtol: 1e-12 });
  });
  return cases;
}

/** Max-pooling sizes [B, T, C, Tout]: both paddings of odd and even T, C the SIMD module takes (multiples of 4) and not. */
const poolShapes: [number, number, number, 'same' | 'valid'][] = [
  [1, 2, 4, 'same'],
  [2, 7, 4, 'same'],
  [2, 7, 4, 'valid'],
  [3, 10, 8, 'same'],
  [2, 9, 12, 'valid'],
  [2, 5, 3, 'same'],
  [1, 1, 8, 'same'],
];
const realisticPoolShapes: [number, number, number, 'same' | 'valid'][] = [[32, 1293, 32, 'same']];

/** y, second and dx of the paper's pool by the definition (first frame on ties and NaN; a lone last frame), in float64. */
function naivePool(x: ArrayLike<number>, dy: ArrayLike<number>, { batch, length, channels, outLength }: PoolShape) {
  const y = new Float64Array(batch * outLength * channels);
  const second = new Uint8Array(y.length);
  const dx = new Float64Array(batch * length * channels);
  for (let b = 0; b < batch; b++)
    for (let t = 0; t < outLength; t++)
      for (let c = 0; c < channels; c++) {
        const o = (b * outLength + t) * channels + c;
        const i0 = (b * length + 2 * t) * channels + c;
        const wins = 2 * t + 1 < length && x[i0 + channels] > x[i0];
        y[o] = wins ? x[i0 + channels] : x[i0];
        second[o] = wins ? 0xff : 0;
        dx[wins ? i0 + channels : i0] = dy[o];
      }
  return { y, second, dx };
}

function poolCases(backend: Backend, realistic: boolean): KernelCase[] {
  const cases: KernelCase[] = [];
  const add = (name: string, run: () => void) => cases.push({ group: 'maxpool', name, run });
  for (const [batch, length, channels, padding] of [...poolShapes, ...(realistic ? realisticPoolShapes : [])]) {
    const g: PoolShape = { batch, length, channels, outLength: padding === 'same' ? Math.ceil(length / 2) : Math.floor(length / 2) };
    add(`B${batch} T${length} C${channels} ${padding}: y, the mask and dx equal the definition exactly`, () => {
      const x = random(batch * length * channels);
      // ties, NaN first, NaN second, and -0 against 0 (another tie)
      const specials = [[1, 1], [Number.NaN, 2], [2, Number.NaN], [-0, 0]];
      specials.forEach(([first, next], s) => {
        const i = s * 2 * channels;
        if (i + channels < x.length) [x[i], x[i + channels]] = [first, next];
      });
      const dy = random(g.batch * g.outLength * channels);
      const want = naivePool(x, dy, g);
      const y = new Float32Array(dy.length).fill(Number.NaN);
      const second = new Uint8Array(dy.length).fill(7);
      backend.maxPoolPairs(x, y, second, g);
      expectClose(`${backend.name} maxPoolPairs y`, y, want.y, exact);
      expectClose(`${backend.name} maxPoolPairs second`, second, want.second, exact);
      const dx = new Float32Array(x.length).fill(Number.NaN);
      backend.maxPoolPairsBackward(dy, want.second, dx, g);
      expectClose(`${backend.name} maxPoolPairsBackward dx`, dx, want.dx, exact);
    });
  }
  add('float64 data is pooled in float64 (values no float32 holds)', () => {
    const g: PoolShape = { batch: 2, length: 5, channels: 4, outLength: 3 };
    const x = Float64Array.from({ length: 40 }, () => rng.uniform(-1, 1) + 1e-12);
    const dy = Float64Array.from({ length: 24 }, () => rng.uniform(-1, 1) + 1e-12);
    const want = naivePool(x, dy, g);
    const y = new Float64Array(24);
    const second = new Uint8Array(24);
    backend.maxPoolPairs(x, y, second, g);
    expectClose(`${backend.name} float64 maxPoolPairs`, y, want.y, exact);
    const dx = new Float64Array(40).fill(Number.NaN);
    backend.maxPoolPairsBackward(dy, want.second, dx, g);
    expectClose(`${backend.name} float64 maxPoolPairsBackward`, dx, want.dx, exact);
  });
  return cases;
}

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

/** The synthetic corpus's batch and length (x·W: 4160 × 128 outputs, past 2^15), the paper's second layer's units. */
const realisticLstmShapes: [number, number, number, number][] = [[32, 130, 40, 32]];

function lstmCache(like: Data, { batch, steps, units }: LstmShape): LstmCache {
  const make = (n: number) => (like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n)).fill(Number.NaN);
  const rows = batch * steps;
  return { gates: make(rows * 4 * units), cells: make(rows * units), cellTanh: make(rows * units), hidden: make(rows * units), hMasked: make(rows * units) };
}

/** Inputs of one LSTM layer: x [B·T, F], W, Uh (small, so the gates are not saturated), b, dy, and sh (or null). */
export function lstmInputs(g: LstmShape, returnSequences: boolean, masked: boolean, make: (n: number, scale: number) => Float32Array | Float64Array) {
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

export const randomLstmInputs = (g: LstmShape, returnSequences: boolean, masked: boolean) => lstmInputs(g, returnSequences, masked, (n, scale) => random(n).map((v) => v * scale));

/** Forward and backward of one LSTM layer on `backend`: every cache buffer and every gradient. */
export function runLstm(backend: Backend, g: LstmShape, returnSequences: boolean, inputs: ReturnType<typeof lstmInputs>, wanted: (keyof LstmGrads)[] = ['dx', 'dw', 'du', 'dbias']): Record<string, Data | null> {
  const { x, w, u, bias, dy, scale } = inputs;
  const cache = lstmCache(x, g);
  backend.lstmForward(x, w, u, bias, scale, g, cache);
  const make = (n: number) => (x instanceof Float64Array ? new Float64Array(n) : new Float32Array(n)).fill(Number.NaN);
  const sizes: Record<keyof LstmGrads, number> = { dx: x.length, dw: w.length, du: u.length, dbias: bias.length };
  const grads = Object.fromEntries((Object.keys(sizes) as (keyof LstmGrads)[]).map((k) => [k, wanted.includes(k) ? make(sizes[k]) : null])) as unknown as LstmGrads;
  backend.lstmBackward(dy, returnSequences, x, w, u, scale, g, cache, grads);
  return { ...cache, ...grads };
}

export function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}

function lstmCases(backend: Backend, realistic: boolean): KernelCase[] {
  const cases: KernelCase[] = [];
  const add = (name: string, run: () => void) => cases.push({ group: 'lstm', name, run });
  const modes = [[true, false], [false, true], [true, true]] as const;
  for (const [batch, steps, features, units] of [...lstmShapes, ...(realistic ? realisticLstmShapes : [])]) {
    const g: LstmShape = { batch, steps, features, units };
    for (const [returnSequences, masked] of batch * steps > 1000 ? modes.slice(2) : modes) {
      add(`B${batch} T${steps} F${features} U${units}${returnSequences ? ' sequences' : ' last'}${masked ? ' masked' : ''}: forward and backward match the reference`, () => {
        const inputs = randomLstmInputs(g, returnSequences, masked);
        const expected = runLstm(referenceBackend, g, returnSequences, inputs);
        const got = runLstm(backend, g, returnSequences, inputs);
        // float32 rounding through T steps and sums of up to B·T terms: measured at most 6e-7·max|ref| on these shapes and on the paper's layer at T = 128
        for (const [name, ref] of Object.entries(expected)) expectClose(`${backend.name} lstm ${name} B${batch} T${steps} F${features} U${units}`, got[name]!, ref!, { atol: 1e-5 * maxAbs(ref!), rtol: 1e-4 });
      });
    }
  }

  add('only the requested gradients are written', () => {
    const g: LstmShape = { batch: 3, steps: 4, features: 5, units: 8 };
    const inputs = randomLstmInputs(g, true, false);
    const expected = runLstm(referenceBackend, g, true, inputs, ['du']);
    const got = runLstm(backend, g, true, inputs, ['du']);
    expectClose(`${backend.name} lstm: unrequested gradients stay null`, [got.dx, got.dw, got.dbias].filter((v) => v !== null).length, 0, exact);
    expectClose(`${backend.name} lstm du alone`, got.du!, expected.du!, { atol: 1e-5 * maxAbs(expected.du!), rtol: 1e-4 });
  });

  add('float64 data is computed in float64 (delegated to the reference loops)', () => {
    const g: LstmShape = { batch: 3, steps: 5, features: 4, units: 8 };
    const inputs = lstmInputs(g, false, true, (n, scale) => Float64Array.from({ length: n }, () => scale * rng.uniform(-1, 1)));
    const expected = runLstm(referenceBackend, g, false, inputs);
    const got = runLstm(backend, g, false, inputs);
    for (const [name, ref] of Object.entries(expected)) expectClose(`${backend.name} float64 lstm ${name}`, got[name]!, ref!, { atol: 1e-12, rtol: 1e-12 });
  });
  return cases;
}

/** Loss and every parameter gradient of a fresh seeded model on `x`, computed on `backend` (no dropout). */
function lossAndGrads(build: () => Sequential, backend: Backend, x: Tensor, labels: number[]): { loss: number; grads: Float32Array[] } {
  const model = build();
  return withBackend(backend, () => {
    const { loss } = model.loss(x, labels, { training: false });
    backward(loss);
    return { loss: loss.item(), grads: model.params.map((p) => Float32Array.from(p.value.grad!)) };
  });
}

/**
 * One training step's loss and gradients: the paper CNN on a batch of the synthetic corpus's size
 * (32 clips × 130 frames × 40 features, the products of the wrong first epoch), the paper
 * LSTM on 8 clips × 37 frames (its T step products are what software GL is slowest at).
 */
function modelStepCases(backend: Backend): KernelCase[] {
  const models = [
    ['paper CNN', 32, 130, (features: number) => paperCnn(features, { seed: 5 })],
    ['paper LSTM', 8, 37, (features: number) => paperLstm(features, { seed: 5 })],
  ] as const;
  const features = 40;
  return models.map(([name, batch, steps, build]) => ({
    group: 'model step',
    name: `${name}, batch ${batch} × ${steps} frames: loss and every gradient match the reference backend`,
    run: () => {
      const stepRng = new Rng(3);
      const x = Tensor.from(Float32Array.from({ length: batch * steps * features }, () => stepRng.uniform(-1, 1)), [batch, steps, features]);
      const labels = Array.from({ length: batch }, (_, i) => i % 10);
      const expected = lossAndGrads(() => build(features), referenceBackend, x, labels);
      const got = lossAndGrads(() => build(features), backend, x, labels);
      expectClose(`${name} loss on ${backend.name}`, [got.loss], [expected.loss], { rtol: 1e-5 });
      got.grads.forEach((g, i) => expectClose(`${name} gradient ${i} on ${backend.name}`, g, expected.grads[i], { atol: 1e-5 * maxAbs(expected.grads[i]), rtol: 1e-3 }));
    },
  }));
}

/**
 * The GL modes' resident operands: a texture `upload` reads back as its values, products on
 * textures (either side, and with the result left on the GPU) equal `matmul`, and the call
 * profile times one-call products only.
 */
function residentCases(backend: GpujsBackend): KernelCase[] {
  const [m, k, n] = [37, 300, 45];
  const a = random(m * k);
  const b = random(k * n);
  return [
    {
      group: 'resident operands',
      name: 'upload, products on textures, texture results and the call profile',
      run: () => {
        const expected = new Float32Array(m * n);
        backend.matmul(a, b, expected, m, k, n, true, false);
        const [ta, tb] = [backend.upload(a), backend.upload(b)];
        try {
          expectClose(`${backend.name} uploaded texture`, ta.toArray() as Float32Array, a, exact);
          for (const [left, right, label] of [[ta, b, 'A texture'], [a, tb, 'B texture'], [ta, tb, 'both textures']] as const) {
            const c = new Float32Array(m * n).fill(Number.NaN);
            backend.product(left, right, m, k, n, true, false, c);
            expectClose(`${backend.name} product, ${label}`, c, expected, exact);
          }
          const result = backend.product(ta, tb, m, k, n, true, false, null)!;
          const rows = result.toArray() as Float32Array[];
          result.delete();
          expectClose(`${backend.name} texture result`, rows.flatMap((row) => [...row]), expected, exact);
        } finally {
          ta.delete();
          tb.delete();
        }
        const profile = profileGpujsMatmul(backend, a, b, { m, k, n, transA: true, transB: false }, (fn) => {
          const start = performance.now();
          fn();
          return (performance.now() - start) / 1000;
        });
        expectClose(`${backend.name} call profile has three positive times`, [profile!.call, profile!.resident, profile!.compute].filter((t) => t > 0).length, 3, exact);
        const tall = profileGpujsMatmul(backend, random(5000), random(1), { m: 5000, k: 1, n: 1, transA: false, transB: false }, () => 1);
        expectClose(`${backend.name} no profile for a product of several kernel calls`, tall === null ? 1 : 0, 1, exact);
      },
    },
  ];
}

/**
 * Every case for `backend`, small shapes first; `realistic` adds the training sizes and the model
 * steps. The reference backend gets no LSTM cases: its yardstick is the composed LSTM
 * (test/nn/lstm.test.ts).
 */
export function kernelCases(backend: Backend, { realistic = false } = {}): KernelCase[] {
  const lstm = backend === referenceBackend ? [] : lstmCases(backend, realistic);
  const resident = backend instanceof GpujsBackend && backend.isGl ? residentCases(backend) : [];
  return [...matmulCases(backend, realistic), ...resident, ...convCases(backend, realistic), ...lstm, ...poolCases(backend, realistic), ...(realistic ? modelStepCases(backend) : [])];
}

/** Run `cases` in order, each caught, timed and labelled. */
export function runCases(cases: KernelCase[], onResult: (result: CaseResult) => void = () => {}): CaseResult[] {
  return cases.map(({ group, name, run }) => {
    const start = performance.now();
    let result: CaseResult;
    try {
      run();
      result = { group, name, ok: true, ms: performance.now() - start };
    } catch (err) {
      result = { group, name, ok: false, message: (err as Error).message, ms: performance.now() - start };
    }
    onResult(result);
    return result;
  });
}

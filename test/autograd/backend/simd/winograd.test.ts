/**
 * The Winograd convolution of the SIMD backend (F(4, 5), forward, dx, dw, dbias) against the
 * float64 reference backend, on one, two and three threads, with the plain-SIMD and the FMA
 * (relaxed_madd) kernels: within float32 rounding of the reference, bit for bit the same whatever
 * the thread count, only the requested gradients written, NaN not hidden by the relu. Shapes cut
 * the 8×16 tile, use 'valid' and 'same' padding, lengths below one tile, and enough tiles for
 * several tile blocks (forward) and several chunks of partial Ŵ (filter gradient).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { convGeometry, referenceBackend, Rng, type Conv1dGrads, type Conv1dShape, type Padding } from '../../../../src/autograd/index.js';
import { enableRelaxedMadd, kernelModuleBytes, simdSupported, type KernelExports } from '../../../../src/autograd/backend/simd/kernels/module.js';
import { MatmulHost } from '../../../../src/autograd/backend/simd/matmul.js';
import { MAX_PAGES, SimdMemory } from '../../../../src/autograd/backend/simd/memory.js';
import { ThreadPool, workerStarter } from '../../../../src/autograd/backend/simd/thread-pool.js';
import { webAssembly } from '../../../../src/wasm/wasm-api.js';
import { winogradConv1d, winogradConv1dBackward, winogradTakes } from '../../../../src/autograd/backend/simd/winograd.js';
import { winogradMatrices } from '../../../../src/autograd/backend/simd/winograd-matrices.js';
import { expectClose } from '../../../util/close.js';

const test = suite('simd winograd convolution');
const mats = winogradMatrices(4, 5);
const exact = { atol: 0, rtol: 0 };

interface Host {
  label: string;
  madd: boolean;
  threads: number;
  host: MatmulHost;
  pool: ThreadPool | null;
}

/** A host per kernel flavour and thread count, each on its own memory (a pool owns its control block). */
async function startHosts(): Promise<Host[] | string> {
  const wasm = webAssembly();
  if (!wasm || !simdSupported() || typeof SharedArrayBuffer !== 'function') return 'needs WebAssembly SIMD and SharedArrayBuffer';
  const start = await workerStarter();
  if (typeof start === 'string') return start;
  const flavours = [false];
  if (await enableRelaxedMadd()) flavours.push(true);
  else console.log('\n  skip: the FMA kernel: this engine does not validate f32x4.relaxed_madd');
  const hosts: Host[] = [];
  for (const madd of flavours) {
    const shape = { mr: 8, nr: 16, unroll: 2, madd };
    for (const threads of [1, 2, 3]) {
      const memory = new wasm.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
      const module = await wasm.compile(kernelModuleBytes(shape, { shared: true, maximumPages: MAX_PAGES }, mats));
      const kernels = (await wasm.instantiate(module, { env: { memory } })).exports as unknown as KernelExports;
      const pool = threads > 1 ? await ThreadPool.start(threads, module, memory, 0, start) : null;
      // threshold 0: every call with two or more chunks is split
      const host = new MatmulHost(new SimdMemory(memory), kernels, shape, { kc: 256, mc: 256 }, 0, pool);
      hosts.push({ label: `${madd ? 'fma' : 'plain'} ×${threads}`, madd, threads, host, pool });
    }
  }
  return hosts;
}

/** [B, T, Cin, Cout, padding]; K = 5, stride 1. */
type Spec = readonly [number, number, number, number, Padding];
const specs: Spec[] = [
  [2, 17, 8, 12, 'same'],
  [3, 9, 4, 4, 'valid'],
  [1, 3, 4, 8, 'same'],
  [2, 1, 4, 4, 'same'],
  [2, 40, 40, 32, 'same'],
  // 2·401 tiles: several tile blocks, and two chunks (636 tiles: 512 rounded to blocks of 212) of the filter gradient
  [2, 1600, 8, 16, 'same'],
];

const shapeOf = ([batch, length, channels, filters, padding]: Spec): Conv1dShape => ({ batch, length, channels, kernel: 5, filters, stride: 1, ...convGeometry(length, 5, 1, padding) });

interface Case {
  g: Conv1dShape;
  label: string;
  x: Float32Array;
  w: Float32Array;
  bias: Float32Array;
  dy: Float32Array;
}

function makeCase(spec: Spec, rng: Rng): Case {
  const g = shapeOf(spec);
  const random = (n: number, scale = 1) => Float32Array.from({ length: n }, () => rng.uniform(-scale, scale));
  return {
    g,
    label: `B${g.batch} T${g.length} Cin${g.channels} Cout${g.filters} ${spec[4]}`,
    x: random(g.batch * g.length * g.channels),
    w: random(5 * g.channels * g.filters, 0.3),
    bias: random(g.filters),
    dy: random(g.batch * g.outLength * g.filters),
  };
}

/** The float64 reference of a case: y = act(conv + bias), then the gradients of y. */
function reference({ g, x, w, bias, dy }: Case, relu: boolean) {
  const f64 = (a: Float32Array) => Float64Array.from(a);
  const y = new Float64Array(dy.length);
  referenceBackend.conv1d(f64(x), f64(w), f64(bias), relu, y, g);
  const grads = { dx: new Float64Array(x.length), dw: new Float64Array(w.length), dbias: new Float64Array(g.filters) };
  referenceBackend.conv1dBackward(f64(x), f64(w), y, f64(dy), relu, g, grads);
  return { y, ...grads };
}

/**
 * Float32 rounding of a sum of `terms` products of values up to 1: the sum's size grows as
 * √terms, and so does a sequential float32 sum's error relative to it.
 */
const tolerance = (terms: number) => ({ atol: 1e-5 * Math.sqrt(terms), rtol: 1e-5 });

const hosts = await startHosts();
if (typeof hosts === 'string') {
  test('skipped', () => console.log(`\n  skip: simd winograd convolution: ${hosts}`));
} else {
  const rng = new Rng(3);
  const cases = specs.map((spec) => makeCase(spec, rng));

  test('the paper-style shapes take the Winograd path; strides, other kernels and channel counts do not', () => {
    for (const { g } of cases) assert.ok(winogradTakes(mats, g), JSON.stringify(g));
    const base = shapeOf([2, 9, 4, 4, 'same']);
    for (const other of [{ stride: 2 }, { kernel: 3 }, { channels: 3 }, { filters: 6 }]) assert.not.ok(winogradTakes(mats, { ...base, ...other }), JSON.stringify(other));
  });

  for (const relu of [true, false]) {
    test(`forward, dx, dw and dbias match the float64 reference${relu ? ' (bias, relu)' : ' (bias)'}, every thread count, both kernels`, () => {
      for (const c of cases) {
        const ref = reference(c, relu);
        const { g } = c;
        const results = hosts.map(({ host }) => {
          const y = new Float32Array(c.dy.length).fill(Number.NaN);
          winogradConv1d(host, mats, c.x, c.w, c.bias, relu, y, g);
          // the backward sees the reference's y (rounded), so a relu mask cannot differ near 0
          const yMask = Float32Array.from(ref.y);
          const grads = { dx: new Float32Array(c.x.length).fill(Number.NaN), dw: new Float32Array(c.w.length).fill(Number.NaN), dbias: new Float32Array(g.filters).fill(Number.NaN) };
          winogradConv1dBackward(host, mats, c.x, c.w, yMask, c.dy, relu, g, grads);
          return { y, ...grads };
        });
        results.forEach((got, i) => {
          const label = `${hosts[i].label} ${c.label}`;
          expectClose(`${label} y`, got.y, ref.y, tolerance(5 * g.channels));
          expectClose(`${label} dx`, got.dx, ref.dx, tolerance(5 * g.filters));
          expectClose(`${label} dw`, got.dw, ref.dw, tolerance(g.batch * g.outLength));
          expectClose(`${label} dbias`, got.dbias, ref.dbias, tolerance(g.batch * g.outLength));
        });
        // bit for bit the same on 1, 2 and 3 threads, per kernel flavour
        results.forEach((got, i) => {
          const one = results[hosts.findIndex((h) => h.madd === hosts[i].madd && h.threads === 1)];
          for (const key of ['y', 'dx', 'dw', 'dbias'] as const) expectClose(`${hosts[i].label} ${c.label} ${key} vs one thread`, got[key], one[key], exact);
        });
      }
    });
  }

  test('only the requested gradients are written', () => {
    const c = cases[0];
    const { host } = hosts[0];
    const ref = reference(c, false);
    const wanted: (keyof Conv1dGrads)[][] = [['dx'], ['dw'], ['dbias'], ['dx', 'dbias']];
    for (const keys of wanted) {
      const grads: Conv1dGrads = { dx: null, dw: null, dbias: null };
      for (const key of keys) grads[key] = new Float32Array(ref[key].length).fill(Number.NaN);
      winogradConv1dBackward(host, mats, c.x, c.w, null, c.dy, false, c.g, grads);
      for (const key of keys) expectClose(`${keys.join('+')}: ${key}`, grads[key]!, ref[key], tolerance(5 * Math.max(c.g.channels, c.g.filters) * c.g.batch * c.g.outLength));
    }
  });

  test('a NaN input makes NaN outputs (the relu does not hide it) and no relu gradient there', () => {
    const g = shapeOf([1, 12, 4, 4, 'same']);
    const x = new Float32Array(g.batch * g.length * g.channels).fill(0.5);
    x[5 * g.channels] = Number.NaN;
    const w = new Float32Array(5 * g.channels * g.filters).fill(-0.1);
    const y = new Float32Array(g.outLength * g.filters);
    const { host } = hosts[0];
    winogradConv1d(host, mats, x, w, null, true, y, g);
    // frames 3 … 7 read frame 5; a tile's outputs share its inputs, so its other frames may be NaN too
    for (let t = 3; t <= 7; t++) for (let o = 0; o < g.filters; o++) assert.ok(Number.isNaN(y[t * g.filters + o]), `y[${t}, ${o}]`);
    const dx = new Float32Array(x.length);
    winogradConv1dBackward(host, mats, x, w, y, new Float32Array(y.length).fill(1), true, g, { dx, dw: null, dbias: null });
    // every output is NaN (its gradient masked to 0) or a clamped negative (0 as well)
    expectClose('dx through a relu that is never active', dx, new Float32Array(dx.length), exact);
  });

  test('stop the pools', async () => {
    await Promise.all(hosts.map(({ pool }) => pool?.dispose()));
  });
}

test.run();

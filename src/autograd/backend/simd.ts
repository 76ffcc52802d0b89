/**
 * SIMD backend: float32 matmul, conv1d and the LSTM recurrence on the WebAssembly SIMD kernels of
 * `simd-kernels.ts`, optionally split over worker threads that share one WebAssembly.Memory.
 * Float64 data (the gradient checks) goes to the reference backend.
 *
 * One matmul C [M, N] = op(A) [M, K] · op(B) [K, N]:
 *   1. copy A and B into the module's memory (`Float32Array.set`, i.e. memcpy);
 *   2. pack op(B) into NR-column panels (calling thread), then each thread runs `gemm` over its
 *      range of MR-row panels of op(A), packing A block by block as it goes (rows split by whole
 *      panels);
 *   3. copy the padded C back out.
 * A convolution is the same product with op(A) a strided (Toeplitz) view of the padded input, so
 * nothing is expanded by im2col (see `conv1d`); its bias, relu and relu mask run in the module.
 * Buffers are laid out afresh per call in the one memory, which only grows (never shrinks), so
 * steady-state training reuses the same pages. Results do not depend on the thread count: each
 * element of C is summed by one thread, in the same order, by the same kernel.
 *
 * Threads meet over a control block at the start of the memory (`Atomics` loads, compare-and-swap,
 * `wait` / `notify`). A call is split only when 2·M·K·N >= `parallelMinFlops` and there are at
 * least two A panels; the A panels are then cut into chunks that the threads claim until none is
 * left (`gemm`). Threads pay when the other core is idle: there two threads took a paperCnn
 * training step from 113–118 to 80 ms at T = 1293 and from 12.2 to 8.5–9.1 ms at T = 128. With
 * another process on the other core they cannot, but claiming keeps the loss small (the step at
 * T = 128: 13.2–13.8 ms on two threads, 13.6–14.9 on one; a fixed half-and-half split waited for
 * the descheduled worker and took 26 ms).
 */
import { Worker } from 'node:worker_threads';
import type { Data } from '../tensor.js';
import type { Backend, Conv1dGrads, Conv1dShape, LstmCache, LstmGrads, LstmShape } from './backend.js';
import { lstmLoops } from './lstm-loops.js';
import { referenceBackend } from './reference.js';
import { kernelModuleBytes, relaxedMaddSupported, simdSupported, type KernelExports, type KernelShape } from './simd-kernels.js';
import { webAssembly, type WasmMemory } from './wasm-emitter.js';

export interface SimdOptions {
  /** Threads computing one matmul, the calling thread included (default 1). */
  threads?: number;
  /**
   * Micro-kernel tile and unroll (default 8×16, unroll 2: the fastest measured on a 2-core
   * AMD EPYC under Node 20 / V8 11.3 — 32 accumulators spill, yet beat the 4×8 tile that fits the
   * 16 xmm registers, 48 against 39 GFLOP/s at 512³).
   */
  mr?: number;
  nr?: number;
  unroll?: number;
  /** Use f32x4.relaxed_madd when the engine supports it (default true). */
  relaxed?: boolean;
  /** Depth block KC (default 256) and A-rows block MC (default 256). */
  kc?: number;
  mc?: number;
  /**
   * Smallest 2·M·K·N that is split over threads (default 2e7). Back to back on the quiet 2-core
   * machine, two polling threads gain 1.2× at 32×32×128 (2.6e5 flops), 1.4–1.6× at the LSTM's
   * per-step 32×40×512 … 32×168×512 and 1.7–2.1× from 128³ up. Inside training they did not:
   * splitting the per-step LSTM products made a batch slower, because the polling worker takes
   * the core V8's garbage-collector threads need. The default splits only products like the
   * convolutions' and the whole-sequence weight gradients (4e7 flops and up), where a CNN batch
   * at T = 1293 spent 71 instead of 117 ms in matmul.
   */
  parallelMinFlops?: number;
  /**
   * Milliseconds a worker polls for its next job before sleeping on `Atomics.wait` (default 0: a
   * brief poll only). Waking a sleeping worker costs about 40–50 µs here, which only delays its
   * first chunk (the caller starts at once), while a polling worker takes cycles from the caller's
   * own work between products whenever another process holds the other core: paperCnn steps at
   * T = 128 took 18.8 ms on two threads polling 1 ms and 13.8 ms with no poll. A longer poll pays
   * only with products split back to back (a low `parallelMinFlops` on a quiet machine).
   */
  spinMs?: number;
}

const PAGE = 65536;
const MAX_PAGES = 65536;
/** Bytes at the start of memory reserved for the thread control block. */
const CONTROL_BYTES = 4096;
/** Int32 slots per worker in the control block; slot 0 is the job header, worker w uses slot w + 1. */
const SLOT = 32;
/**
 * Job header (Int32 indices; the first 8 bytes are one BigInt64): CLAIM = (job << 32) | next chunk,
 * claimed by compare-and-swap; FINISHED = chunks computed so far; then the job's gemm parameters.
 */
const FINISHED = 2;
const JOB = 3;
/** Worker slot fields: the job number to run (negative: exit) and the worker's own A block buffer. */
const SEQ = 0;
const ABUF = 1;
/** Milliseconds the caller polls for the chunks still held by workers before sleeping on them. */
const WAIT_POLL_MS = 0.5;
/** Claim index meaning "no chunks": set while the job header is being rewritten. */
const CLOSED = 0xffffffff;

const roundUp = (x: number, to: number) => Math.ceil(x / to) * to;

/** A bump allocator over the module's memory for one call: 64-byte aligned regions after the control block. */
class Layout {
  end = CONTROL_BYTES;

  /** Reserve `count` floats; returns the byte address. */
  floats(count: number): number {
    const at = this.end;
    this.end = roundUp(at + 4 * count, 64);
    return at;
  }
}

/** A planned product C [m, n] = op(A) [m, k] · B [k, n]: packed B, per-thread A blocks, padded C (ldc in bytes). */
interface Product {
  m: number;
  k: number;
  n: number;
  kPad: number;
  nPanels: number;
  ldc: number;
  bp: number;
  aBufs: number[];
  c: number;
}

/**
 * The Toeplitz layout of a convolution's input: each sequence a zero-padded block of
 * `blockFrames` = roundUp((Tout-1)·s + K, s) frames, i.e. `blockRows` = blockFrames/s im2col rows,
 * of which the first Tout are real; `rows` = (B-1)·blockRows + Tout rows in all.
 */
interface ToeplitzView {
  blockFrames: number;
  blockRows: number;
  rows: number;
}

function toeplitz({ batch, kernel, stride, outLength }: Conv1dShape): ToeplitzView {
  const blockFrames = roundUp((outLength - 1) * stride + kernel, stride);
  const blockRows = blockFrames / stride;
  return { blockFrames, blockRows, rows: (batch - 1) * blockRows + outLength };
}

/**
 * Claim and compute chunks of the job numbered `seq` until none is left or a newer job replaced it
 * (plain JavaScript, run by the workers and, through `Function`, by the calling thread).
 * `job` holds the header's parameters: aSrc, sIdx, sDepth, m, k, kPad, bp, c, nPanels, kc,
 * mcPanels, ldc, mPanels, chunkPanels, nChunks.
 */
const claimSource = `
function claimChunks(k, ctl, claim, seq, job, aBuf) {
  const [aSrc, sIdx, sDepth, m, depth, kPad, bp, c, nPanels, kc, mcPanels, ldc, mPanels, chunkPanels, nChunks] = job;
  const tag = BigInt(seq);
  for (;;) {
    const v = Atomics.load(claim, 0);
    if (v >> 32n !== tag) return;
    const idx = Number(v & 0xffffffffn);
    if (idx >= nChunks) return;
    if (Atomics.compareExchange(claim, 0, v, v + 1n) !== v) continue;
    const p0 = idx * chunkPanels;
    k.gemm(aSrc, sIdx, sDepth, m, depth, kPad, aBuf, bp, c, p0, Math.min(p0 + chunkPanels, mPanels), nPanels, kc, mcPanels, ldc);
    if (Atomics.add(ctl, ${FINISHED}, 1) + 1 === nChunks) Atomics.notify(ctl, ${FINISHED});
  }
}
`;

/**
 * Worker body (plain JavaScript, run with `eval`): instantiate the kernel module on the shared
 * memory, then for each job posted in its slot copy the job header and claim chunks of it.
 */
const workerSource = `
const { workerData, parentPort } = require('node:worker_threads');
const { module, memory, slot } = workerData;
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctl = new Int32Array(memory.buffer, 0, ${CONTROL_BYTES / 4});
const claim = new BigInt64Array(memory.buffer, 0, 1);
const base = (slot + 1) * ${SLOT};
const spinMs = workerData.spinMs;
${claimSource}
let seen = 0;
/** The next job number: poll for spinMs (no syscall on the hot path), then sleep on the futex. */
function next() {
  const until = performance.now() + spinMs;
  do {
    for (let i = 0; i < 256; i++) {
      const seq = Atomics.load(ctl, base + ${SEQ});
      if (seq !== seen) return seq;
    }
  } while (performance.now() < until);
  Atomics.wait(ctl, base + ${SEQ}, seen);
  return Atomics.load(ctl, base + ${SEQ});
}
parentPort.postMessage('ready');
for (;;) {
  const seq = next();
  if (seq === seen) continue;
  if (seq < 0) break;
  seen = seq;
  claimChunks(k, ctl, claim, seq, Array.from(ctl.subarray(${JOB}, ${JOB + 15})), ctl[base + ${ABUF}]);
}
`;

/** The calling thread's copy of `claimChunks`. */
const claimChunks = new Function(`${claimSource}\nreturn claimChunks;`)() as (k: KernelExports, ctl: Int32Array, claim: BigInt64Array, seq: number, job: number[], aBuf: number) => void;

export class SimdBackend implements Backend {
  readonly name: string;
  readonly threads: number;
  readonly shape: KernelShape;
  private readonly memory: WasmMemory;
  private readonly kernels: KernelExports;
  private readonly workers: Worker[];
  private readonly kc: number;
  private readonly mcPanels: number;
  private parallelMinFlops: number;
  private f32: Float32Array;
  private ctl: Int32Array;
  private claim: BigInt64Array | null;
  private seq = 0;

  /** Use `createSimdBackend`, which compiles the module and starts the workers. */
  constructor(parts: { memory: WasmMemory; kernels: KernelExports; workers: Worker[]; shape: KernelShape; kc: number; mc: number; parallelMinFlops: number }) {
    this.memory = parts.memory;
    this.kernels = parts.kernels;
    this.workers = parts.workers;
    this.shape = parts.shape;
    this.threads = parts.workers.length + 1;
    this.kc = roundUp(parts.kc, parts.shape.unroll);
    this.mcPanels = Math.max(1, Math.round(parts.mc / parts.shape.mr));
    this.parallelMinFlops = parts.parallelMinFlops;
    this.name = this.threads > 1 ? `simd×${this.threads}` : 'simd';
    this.f32 = new Float32Array(this.memory.buffer);
    this.ctl = new Int32Array(this.memory.buffer, 0, CONTROL_BYTES / 4);
    this.claim = this.threads > 1 ? new BigInt64Array(this.memory.buffer, 0, 1) : null;
  }

  matmul(a: Data, b: Data, c: Data, m: number, k: number, n: number, transA = false, transB = false): void {
    if (!(a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array)) {
      referenceBackend.matmul(a, b, c, m, k, n, transA, transB);
      return;
    }
    if (m === 0 || n === 0) return;
    if (k === 0) {
      c.fill(0, 0, m * n);
      return;
    }
    const mem = new Layout();
    const aSrc = mem.floats(m * k);
    const bSrc = mem.floats(k * n);
    const product = this.plan(mem, m, k, n);
    this.ensure(mem.end);
    this.f32.set(a.subarray(0, m * k), aSrc / 4);
    this.f32.set(b.subarray(0, k * n), bSrc / 4);
    this.kernels.packB(bSrc, product.bp, n, k, product.kPad, transB ? k : 1, transB ? 1 : n);
    this.gemm(product, aSrc, transA ? 1 : k, transA ? m : 1);
    this.copyRows(product.c, product.ldc, 0, m, n, c, 0);
  }

  /**
   * conv1d through the same blocked gemm, without im2col. Each sequence is copied into the
   * module's memory as a zero-padded block of Lp = roundUp((Tout-1)·s + K, s) frames (padBefore
   * zeros, then the frames the windows reach, then zeros), blocks back to back. The im2col matrix
   * is then a strided view of that buffer: row r = b·(Lp/s) + t starts at frame r·s and its K·Cin
   * values are contiguous, so op(A)[r, p] = xpad[r·s·Cin + p] (sIdx = s·Cin, sDepth = 1), and gemm
   * packs A straight from it. Rows t >= Tout of each block are computed and dropped (K-1 of
   * T+K-1 rows at stride 1). Bias and relu are applied to C in the module (`biasRelu`).
   */
  conv1d(x: Data, w: Data, bias: Data | null, relu: boolean, y: Data, g: Conv1dShape): void {
    if (!(x instanceof Float32Array && w instanceof Float32Array && y instanceof Float32Array && (bias === null || bias instanceof Float32Array))) {
      referenceBackend.conv1d(x, w, bias, relu, y, g);
      return;
    }
    const { batch, channels, kernel, filters, outLength } = g;
    const view = toeplitz(g);
    const mem = new Layout();
    const xSrc = mem.floats(batch * view.blockFrames * channels);
    const wSrc = mem.floats(kernel * channels * filters);
    const product = this.plan(mem, view.rows, kernel * channels, filters);
    const biasAt = mem.floats(product.ldc / 4);
    this.ensure(mem.end);
    this.placeInput(x, g, view, xSrc);
    this.f32.set(w.subarray(0, kernel * channels * filters), wSrc / 4);
    this.kernels.packB(wSrc, product.bp, filters, kernel * channels, product.kPad, 1, filters);
    this.gemm(product, xSrc, g.stride * channels, 1);
    if (bias !== null || relu) {
      this.f32.fill(0, biasAt / 4, biasAt / 4 + product.ldc / 4);
      if (bias !== null) this.f32.set(bias.subarray(0, filters), biasAt / 4);
      this.kernels.biasRelu(product.c, view.rows, product.ldc, product.ldc, biasAt, relu ? 1 : 0);
    }
    for (let b = 0; b < batch; b++) this.copyRows(product.c, product.ldc, b * view.blockRows, outLength, filters, y, b * outLength * filters);
  }

  /**
   * Backward of `conv1d` in the module. dZ = dY (⊙ [y > 0] with relu) is placed in the rows
   * layout of the forward's C (rows t >= Tout zero), where `reluMask` and `colSums` (dbias) run
   * on it. dW = op(A)ᵀ·dZ with op(A) the forward's Toeplitz view read transposed
   * (sIdx = 1, sDepth = s·Cin), so the gemm packs the K·Cin columns of every window straight from
   * xpad. dX is itself a stride-1 convolution: of dZ dilated by s (s-1 zeros between frames),
   * padded by K-1-padBefore, with the taps reversed and each tap transposed,
   * W'[k, o, c] = W[K-1-k, c, o]; it runs through the same Toeplitz gemm.
   */
  conv1dBackward(x: Data, w: Data, y: Data | null, dy: Data, relu: boolean, g: Conv1dShape, grads: Conv1dGrads): void {
    const all = [x, w, dy, y ?? x, grads.dx ?? x, grads.dw ?? x, grads.dbias ?? x];
    if (!all.every((d) => d instanceof Float32Array)) {
      referenceBackend.conv1dBackward(x, w, y, dy, relu, g, grads);
      return;
    }
    const { batch, length, channels, kernel, filters, stride, padBefore, outLength } = g;
    const view = toeplitz(g);
    // dX as a convolution of the dilated, padded dZ (see above)
    const gx: Conv1dShape = { batch, length: (outLength - 1) * stride + 1, channels: filters, kernel, filters: channels, stride: 1, padBefore: kernel - 1 - padBefore, outLength: length };
    const viewX = toeplitz(gx);
    const rowFloats = view.rows * filters;
    const mem = new Layout();
    const dz = mem.floats(rowFloats + 4);
    const yRows = relu ? mem.floats(rowFloats + 4) : 0;
    const sums = mem.floats(roundUp(filters, 4));
    const xSrc = grads.dw ? mem.floats(batch * view.blockFrames * channels) : 0;
    const productW = grads.dw ? this.plan(mem, kernel * channels, view.rows, filters) : null;
    const dzSrc = grads.dx ? mem.floats(batch * viewX.blockFrames * filters) : 0;
    const wSrc = grads.dx ? mem.floats(kernel * filters * channels) : 0;
    const productX = grads.dx ? this.plan(mem, viewX.rows, kernel * filters, channels) : null;
    this.ensure(mem.end);
    const f32 = this.f32;
    const K = this.kernels;

    this.placeRows(dy, batch, view, outLength, filters, dz);
    if (relu) {
      if (y === null) throw new Error('conv1dBackward: relu needs the forward output y');
      this.placeRows(y, batch, view, outLength, filters, yRows);
      K.reluMask(dz, yRows, roundUp(rowFloats, 4) * 4);
    }
    if (grads.dbias) {
      K.colSums(dz, view.rows, roundUp(filters, 4) * 4, filters * 4, sums);
      grads.dbias.set(f32.subarray(sums / 4, sums / 4 + filters));
    }
    if (grads.dw && productW) {
      this.placeInput(x, g, view, xSrc);
      K.packB(dz, productW.bp, filters, view.rows, productW.kPad, 1, filters);
      this.gemm(productW, xSrc, 1, stride * channels);
      this.copyRows(productW.c, productW.ldc, 0, kernel * channels, filters, grads.dw, 0);
    }
    if (grads.dx && productX) {
      // dZ rows b·blockRows + t go to frame padBefore' + t·s of block b (the rest zeros)
      for (let b = 0; b < batch; b++) {
        const block = dzSrc / 4 + b * viewX.blockFrames * filters;
        f32.fill(0, block, block + viewX.blockFrames * filters);
        const from = dz / 4 + b * view.blockRows * filters;
        const to = block + gx.padBefore * filters;
        if (stride === 1) f32.copyWithin(to, from, from + outLength * filters);
        else for (let t = 0; t < outLength; t++) f32.copyWithin(to + t * stride * filters, from + t * filters, from + (t + 1) * filters);
      }
      // W'[k, o, c] = W[K-1-k, c, o]
      const wf = wSrc / 4;
      for (let k = 0; k < kernel; k++) {
        for (let c = 0; c < channels; c++) {
          const src = ((kernel - 1 - k) * channels + c) * filters;
          for (let o = 0; o < filters; o++) f32[wf + (k * filters + o) * channels + c] = w[src + o];
        }
      }
      K.packB(wSrc, productX.bp, channels, kernel * filters, productX.kPad, 1, channels);
      this.gemm(productX, dzSrc, filters, 1);
      for (let b = 0; b < batch; b++) this.copyRows(productX.c, productX.ldc, b * viewX.blockRows, length, channels, grads.dx, b * length * channels);
    }
  }

  /** The LSTM recurrence as plain loops around this backend's matmul, for float64 data and units not a multiple of 4. */
  private readonly lstm = lstmLoops((a, b, c, m, k, n, transA, transB) => this.matmul(a, b, c, m, k, n, transA, transB));

  /**
   * The LSTM forward in the module, one copy in and one out. x·W is one gemm over all B·T rows
   * (its C, rows b·T + t, becomes the gates buffer); Uh is packed once; then each step t is the
   * gemm h̃_{t-1}·Uh (A read in place from the h̃ rows b·T + t, stride T·U) and `lstmGates`, which
   * activates the gates in place, writes c_t, tanh(c_t), h_t and the next step's h̃_t = h_t ⊙ sh.
   * Step 0 reads a zeroed recurrent product and c_{-1} = 0; the last step's h̃ goes to a scratch
   * row. Needs U a multiple of 4 (the gate rows are f32x4 vectors); other sizes and float64 run the
   * plain loops (`lstm-loops.ts`).
   */
  lstmForward(x: Data, w: Data, u: Data, bias: Data, recurrentScale: Data | null, g: LstmShape, cache: LstmCache): void {
    const { batch, steps, features, units } = g;
    const all = [x, w, u, bias, recurrentScale ?? x, ...Object.values(cache)];
    if (!all.every((d) => d instanceof Float32Array) || units % 4 !== 0 || batch * steps === 0 || features === 0) {
      this.lstm.lstmForward(x, w, u, bias, recurrentScale, g, cache);
      return;
    }
    const width = 4 * units;
    const rows = batch * steps;
    const mem = new Layout();
    const xSrc = mem.floats(rows * features);
    const wSrc = mem.floats(features * width);
    const uSrc = mem.floats(units * width);
    const biasAt = mem.floats(width);
    const scaleAt = mem.floats(batch * units);
    const zerosAt = mem.floats(batch * units);
    const scratchAt = mem.floats(batch * units);
    const projection = this.plan(mem, rows, features, width);
    const step = this.plan(mem, batch, units, width);
    const cellsAt = mem.floats(rows * units);
    const tanhAt = mem.floats(rows * units);
    const hiddenAt = mem.floats(rows * units);
    const maskedAt = mem.floats(rows * units);
    this.ensure(mem.end);
    const f32 = this.f32;
    const K = this.kernels;
    f32.set(x.subarray(0, rows * features), xSrc / 4);
    f32.set(w.subarray(0, features * width), wSrc / 4);
    f32.set(u.subarray(0, units * width), uSrc / 4);
    f32.set(bias.subarray(0, width), biasAt / 4);
    if (recurrentScale) f32.set(recurrentScale.subarray(0, batch * units), scaleAt / 4);
    else f32.fill(1, scaleAt / 4, scaleAt / 4 + batch * units);
    f32.fill(0, zerosAt / 4, zerosAt / 4 + batch * units);
    for (let b = 0; b < batch; b++) f32.fill(0, maskedAt / 4 + b * steps * units, maskedAt / 4 + (b * steps + 1) * units);
    f32.fill(0, step.c / 4, step.c / 4 + Math.ceil(batch / this.shape.mr) * this.shape.mr * (step.ldc / 4));

    K.packB(wSrc, projection.bp, width, features, projection.kPad, 1, width);
    this.gemm(projection, xSrc, features, 1);
    K.packB(uSrc, step.bp, width, units, step.kPad, 1, width);
    const rowBytes = 4 * units;
    const stateStep = steps * rowBytes;
    for (let t = 0; t < steps; t++) {
      if (t > 0) this.gemm(step, maskedAt + t * rowBytes, steps * units, 1);
      const first = t === 0;
      const last = t === steps - 1;
      K.lstmGates(
        projection.c + t * projection.ldc, steps * projection.ldc, step.c, step.ldc, biasAt,
        first ? zerosAt : cellsAt + (t - 1) * rowBytes, first ? rowBytes : stateStep,
        cellsAt + t * rowBytes, tanhAt + t * rowBytes, hiddenAt + t * rowBytes, stateStep,
        last ? scratchAt : maskedAt + (t + 1) * rowBytes, last ? rowBytes : stateStep,
        scaleAt, batch, units,
      );
    }
    this.copyRows(projection.c, projection.ldc, 0, rows, width, cache.gates, 0);
    cache.cells.set(f32.subarray(cellsAt / 4, cellsAt / 4 + rows * units));
    cache.cellTanh.set(f32.subarray(tanhAt / 4, tanhAt / 4 + rows * units));
    cache.hidden.set(f32.subarray(hiddenAt / 4, hiddenAt / 4 + rows * units));
    cache.hMasked.set(f32.subarray(maskedAt / 4, maskedAt / 4 + rows * units));
  }

  /**
   * The LSTM backward in the module. The gates are copied in and overwritten step by step with dZ
   * (`lstmGatesBackward`, carrying dc in place); each step but the first then runs dh̃_t = dz_t·Uhᵀ
   * (Uhᵀ packed once, A read in place from the dZ rows of step t). Then dZ is packed once as the B
   * of both weight gradients (dW = x̃ᵀ·dZ, dUh = h̃ᵀ·dZ, A read transposed in place), dbias is
   * `colSums` (rows in order, as the reference), and dx = dZ·Wᵀ.
   */
  lstmBackward(dy: Data, returnSequences: boolean, x: Data, w: Data, u: Data, recurrentScale: Data | null, g: LstmShape, cache: LstmCache, grads: LstmGrads): void {
    const { batch, steps, features, units } = g;
    const all = [dy, x, w, u, recurrentScale ?? x, ...Object.values(cache), ...Object.values(grads).map((d) => d ?? x)];
    if (!all.every((d) => d instanceof Float32Array) || units % 4 !== 0 || batch * steps === 0 || features === 0) {
      this.lstm.lstmBackward(dy, returnSequences, x, w, u, recurrentScale, g, cache, grads);
      return;
    }
    const width = 4 * units;
    const rows = batch * steps;
    const dyRows = returnSequences ? rows : batch;
    const mem = new Layout();
    const dzAt = mem.floats(rows * width);
    const cellsAt = mem.floats(rows * units);
    const tanhAt = mem.floats(rows * units);
    const dyAt = mem.floats(dyRows * units);
    const uSrc = mem.floats(units * width);
    const scaleAt = mem.floats(batch * units);
    const zerosAt = mem.floats(batch * units);
    const dcAt = mem.floats(batch * units);
    const step = this.plan(mem, batch, width, units);
    const sumsAt = grads.dbias ? mem.floats(width) : 0;
    const weights = grads.dw || grads.du;
    const productW = weights ? this.plan(mem, features, rows, width) : null;
    const productU = weights ? this.plan(mem, units, rows, width, productW!.bp) : null;
    const xSrc = grads.dw ? mem.floats(rows * features) : 0;
    const maskedAt = grads.du ? mem.floats(rows * units) : 0;
    const productX = grads.dx ? this.plan(mem, rows, width, features) : null;
    const wSrc = grads.dx ? mem.floats(features * width) : 0;
    this.ensure(mem.end);
    const f32 = this.f32;
    const K = this.kernels;
    f32.set(cache.gates.subarray(0, rows * width), dzAt / 4);
    f32.set(cache.cells.subarray(0, rows * units), cellsAt / 4);
    f32.set(cache.cellTanh.subarray(0, rows * units), tanhAt / 4);
    f32.set(dy.subarray(0, dyRows * units), dyAt / 4);
    f32.set(u.subarray(0, units * width), uSrc / 4);
    if (recurrentScale) f32.set(recurrentScale.subarray(0, batch * units), scaleAt / 4);
    else f32.fill(1, scaleAt / 4, scaleAt / 4 + batch * units);
    f32.fill(0, zerosAt / 4, zerosAt / 4 + batch * units);
    f32.fill(0, dcAt / 4, dcAt / 4 + batch * units);
    f32.fill(0, step.c / 4, step.c / 4 + Math.ceil(batch / this.shape.mr) * this.shape.mr * (step.ldc / 4));

    K.packB(uSrc, step.bp, units, width, step.kPad, width, 1);
    const rowBytes = 4 * units;
    const stateStep = steps * rowBytes;
    const gateStep = steps * width * 4;
    for (let t = steps - 1; t >= 0; t--) {
      const [dyPtr, dyStep] = returnSequences ? [dyAt + t * rowBytes, stateStep] : t === steps - 1 ? [dyAt, rowBytes] : [zerosAt, 0];
      K.lstmGatesBackward(
        dzAt + t * width * 4, gateStep, dyPtr, dyStep, step.c, step.ldc, scaleAt,
        t > 0 ? cellsAt + (t - 1) * rowBytes : zerosAt, t > 0 ? stateStep : 0,
        tanhAt + t * rowBytes, stateStep, dcAt, batch, units,
      );
      if (t > 0) this.gemm(step, dzAt + t * width * 4, steps * width, 1);
    }

    if (grads.dbias) {
      K.colSums(dzAt, rows, width * 4, width * 4, sumsAt);
      grads.dbias.set(f32.subarray(sumsAt / 4, sumsAt / 4 + width));
    }
    if (productW && productU) {
      K.packB(dzAt, productW.bp, width, rows, productW.kPad, 1, width);
      if (grads.dw) {
        f32.set(x.subarray(0, rows * features), xSrc / 4);
        this.gemm(productW, xSrc, 1, features);
        this.copyRows(productW.c, productW.ldc, 0, features, width, grads.dw, 0);
      }
      if (grads.du) {
        f32.set(cache.hMasked.subarray(0, rows * units), maskedAt / 4);
        this.gemm(productU, maskedAt, 1, units);
        this.copyRows(productU.c, productU.ldc, 0, units, width, grads.du, 0);
      }
    }
    if (grads.dx && productX) {
      f32.set(w.subarray(0, features * width), wSrc / 4);
      K.packB(wSrc, productX.bp, features, width, productX.kPad, width, 1);
      this.gemm(productX, dzAt, width, 1);
      this.copyRows(productX.c, productX.ldc, 0, rows, features, grads.dx, 0);
    }
  }

  /**
   * Reserve the packed B, the per-thread A blocks and the padded C of an [m, k]·[k, n] product;
   * `sharedB`: the packed B of an earlier plan with the same k and n, reused.
   */
  private plan(mem: Layout, m: number, k: number, n: number, sharedB?: number): Product {
    const { mr, nr, unroll } = this.shape;
    const nPanels = Math.ceil(n / nr);
    const kPad = roundUp(k, unroll);
    const ldc = nPanels * nr * 4;
    const bp = sharedB ?? mem.floats(nPanels * nr * kPad);
    const aBlock = this.mcPanels * mr * Math.min(this.kc, kPad);
    const aBufs = Array.from({ length: this.threads }, () => mem.floats(aBlock));
    const c = mem.floats(Math.ceil(m / mr) * mr * (ldc / 4));
    return { m, k, n, kPad, nPanels, ldc, bp, aBufs, c };
  }

  /**
   * C = op(A)·Bp for a planned product, op(A) read at `aSrc` with element strides sIdx, sDepth.
   * When 2·M·K·N >= parallelMinFlops the A panels are cut into chunks that every thread claims
   * from the job header until none is left, so a worker the scheduler has descheduled (the other
   * core busy with another process) only delays the chunk it holds, and the calling thread does
   * the rest. Chunk boundaries fall on whole panels and each chunk is one `gemm` call, so every
   * element of C is computed the same way whichever thread claims it.
   */
  private gemm(p: Product, aSrc: number, sIdx: number, sDepth: number): void {
    const mPanels = Math.ceil(p.m / this.shape.mr);
    const split = this.claim !== null && 2 * p.m * p.k * p.n >= this.parallelMinFlops && mPanels > 1;
    if (!split) {
      this.kernels.gemm(aSrc, sIdx, sDepth, p.m, p.k, p.kPad, p.aBufs[0], p.bp, p.c, 0, mPanels, p.nPanels, this.kc, this.mcPanels, p.ldc);
      return;
    }
    const claim = this.claim!;
    const ctl = this.ctl;
    const chunkPanels = Math.max(1, Math.min(this.mcPanels, Math.ceil(mPanels / (4 * this.threads))));
    const nChunks = Math.ceil(mPanels / chunkPanels);
    // job numbers stay positive (a negative one tells the workers to exit)
    this.seq = (this.seq % 0x3fffffff) + 1;
    const tag = BigInt(this.seq) << 32n;
    // close the claim word before rewriting the header, so a late worker never reads a mixed job
    Atomics.store(claim, 0, tag | BigInt(CLOSED));
    const job = [aSrc, sIdx, sDepth, p.m, p.k, p.kPad, p.bp, p.c, p.nPanels, this.kc, this.mcPanels, p.ldc, mPanels, chunkPanels, nChunks];
    ctl.set(job, JOB);
    Atomics.store(ctl, FINISHED, 0);
    Atomics.store(claim, 0, tag);
    for (let w = 0; w < this.workers.length; w++) {
      const slot = (w + 1) * SLOT;
      ctl[slot + ABUF] = p.aBufs[w + 1];
      Atomics.store(ctl, slot + SEQ, this.seq);
      Atomics.notify(ctl, slot + SEQ);
    }
    claimChunks(this.kernels, ctl, claim, this.seq, job, p.aBufs[0]);
    // wait for the chunks other threads still hold (each a fraction of a millisecond, so poll first)
    const until = performance.now() + WAIT_POLL_MS;
    let done = Atomics.load(ctl, FINISHED);
    while (done !== nChunks && performance.now() < until) done = Atomics.load(ctl, FINISHED);
    for (; done !== nChunks; done = Atomics.load(ctl, FINISHED)) Atomics.wait(ctl, FINISHED, done);
  }

  /** out[dst + i·n + j] = C[row0 + i, j] for i < rows, j < n (C with row stride ldc bytes). */
  private copyRows(c: number, ldc: number, row0: number, rows: number, n: number, out: Data, dst: number): void {
    const from = c / 4 + row0 * (ldc / 4);
    if (ldc === 4 * n) out.set(this.f32.subarray(from, from + rows * n), dst);
    else for (let i = 0; i < rows; i++) out.set(this.f32.subarray(from + i * (ldc / 4), from + i * (ldc / 4) + n), dst + i * n);
  }

  /** Copy x [B, T, Cin] into zero-padded blocks of the Toeplitz layout at byte `at`. */
  private placeInput(x: Data, g: Conv1dShape, view: ToeplitzView, at: number): void {
    const { batch, length, channels, padBefore } = g;
    const f32 = this.f32;
    for (let b = 0; b < batch; b++) {
      const block = at / 4 + b * view.blockFrames * channels;
      const first = Math.min(padBefore, view.blockFrames);
      const frames = Math.max(0, Math.min(length, view.blockFrames - padBefore));
      f32.fill(0, block, block + first * channels);
      f32.set(x.subarray(b * length * channels, (b * length + frames) * channels), block + first * channels);
      f32.fill(0, block + (first + frames) * channels, block + view.blockFrames * channels);
    }
  }

  /**
   * Copy [B, Tout, n] data into the rows layout of C (block b at row b·blockRows), the other rows
   * and 4 floats past the end zero.
   */
  private placeRows(src: Data, batch: number, view: ToeplitzView, outLength: number, n: number, at: number): void {
    const f32 = this.f32;
    const base = at / 4;
    for (let b = 0; b < batch; b++) {
      const row = base + b * view.blockRows * n;
      f32.set(src.subarray(b * outLength * n, (b + 1) * outLength * n), row);
      const end = b === batch - 1 ? base + view.rows * n + 4 : row + view.blockRows * n;
      f32.fill(0, row + outLength * n, end);
    }
  }

  /**
   * Run a few small products on every thread so V8 tiers the kernels up from its baseline
   * compiler (Liftoff, about 10× slower here) before the first real call.
   */
  warmUp(): void {
    const [m, k, n] = [16 * this.threads, 128, 64];
    const a = new Float32Array(m * k).fill(1);
    const b = new Float32Array(k * n).fill(1);
    const c = new Float32Array(m * n);
    const g: Conv1dShape = { batch: 2, length: 8 * this.threads, channels: 8, kernel: 3, filters: 16, stride: 1, padBefore: 1, outLength: 8 * this.threads };
    const x = new Float32Array(g.batch * g.length * g.channels).fill(1);
    const w = new Float32Array(g.kernel * g.channels * g.filters).fill(1);
    const y = new Float32Array(g.batch * g.outLength * g.filters);
    const grads = { dx: new Float32Array(x.length), dw: new Float32Array(w.length), dbias: new Float32Array(g.filters) };
    const threshold = this.parallelMinFlops;
    this.parallelMinFlops = 0;
    try {
      for (let i = 0; i < 16; i++) this.matmul(a, b, c, m, k, n, i % 2 === 1, i % 4 >= 2);
      for (let i = 0; i < 4; i++) {
        this.conv1d(x, w, w.subarray(0, g.filters), true, y, g);
        this.conv1dBackward(x, w, y, y, true, g, grads);
      }
    } finally {
      this.parallelMinFlops = threshold;
    }
  }

  /** Stop the worker threads and wait for them to exit; the backend cannot be used afterwards. */
  async dispose(): Promise<void> {
    for (let w = 0; w < this.workers.length; w++) {
      Atomics.store(this.ctl, (w + 1) * SLOT + SEQ, -1);
      Atomics.notify(this.ctl, (w + 1) * SLOT + SEQ);
    }
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  /** Grow the memory to at least `bytes` and refresh the views. */
  private ensure(bytes: number): void {
    if (bytes > MAX_PAGES * PAGE) throw new Error(`simd backend: a matmul needing ${(bytes / 2 ** 30).toFixed(2)} GiB of buffers exceeds the 4 GiB of a 32-bit WebAssembly memory`);
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
    if (this.f32.buffer !== this.memory.buffer || this.f32.length * 4 !== this.memory.buffer.byteLength) {
      this.f32 = new Float32Array(this.memory.buffer);
      this.ctl = new Int32Array(this.memory.buffer, 0, CONTROL_BYTES / 4);
      if (this.claim !== null) this.claim = new BigInt64Array(this.memory.buffer, 0, 1);
    }
  }
}

/** Why the SIMD backend cannot run here, or null when it can. */
export function simdUnavailableReason(): string | null {
  if (!webAssembly()) return 'WebAssembly is not available';
  if (!simdSupported()) return 'this WebAssembly engine does not support 128-bit SIMD';
  return null;
}

/**
 * Compile the kernel module for the requested tile and start `threads - 1` workers on a shared
 * memory (threads > 1 needs SharedArrayBuffer). Throws with the reason when WASM SIMD is missing.
 */
export async function createSimdBackend(options: SimdOptions = {}): Promise<SimdBackend> {
  const reason = simdUnavailableReason();
  if (reason) throw new Error(`simd backend: ${reason}`);
  const threads = Math.max(1, Math.floor(options.threads ?? 1));
  if (threads > 1 && typeof SharedArrayBuffer !== 'function') throw new Error('simd backend: threads > 1 needs SharedArrayBuffer');
  if (threads > CONTROL_BYTES / 4 / SLOT) throw new Error(`simd backend: at most ${CONTROL_BYTES / 4 / SLOT} threads`);
  const shape: KernelShape = {
    mr: options.mr ?? 8,
    nr: options.nr ?? 16,
    unroll: options.unroll ?? 2,
    madd: (options.relaxed ?? true) && relaxedMaddSupported(),
  };
  const spinMs = options.spinMs ?? 0;
  const shared = threads > 1;
  const wasm = webAssembly()!;
  const memory = new wasm.Memory({ initial: 1, maximum: MAX_PAGES, shared });
  const module = await wasm.compile(kernelModuleBytes(shape, { shared, maximumPages: MAX_PAGES }));
  const instance = await wasm.instantiate(module, { env: { memory } });
  const kernels = instance.exports as unknown as KernelExports;
  const workers = await Promise.all(
    Array.from({ length: threads - 1 }, (_, slot) => {
      const worker = new Worker(workerSource, { eval: true, workerData: { module, memory, slot, spinMs } });
      worker.unref();
      return new Promise<Worker>((resolve, reject) => {
        worker.once('message', () => resolve(worker));
        worker.once('error', reject);
      });
    }),
  );
  const backend = new SimdBackend({ memory, kernels, workers, shape, kc: options.kc ?? 256, mc: options.mc ?? 256, parallelMinFlops: options.parallelMinFlops ?? 2e7 });
  backend.warmUp();
  return backend;
}

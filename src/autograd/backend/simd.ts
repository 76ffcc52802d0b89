/**
 * SIMD backend: float32 matmul on the WebAssembly SIMD kernels of `simd-kernels.ts`, optionally
 * split over worker threads that share one WebAssembly.Memory. Float64 data (the gradient
 * checks) goes to the reference backend.
 *
 * One call C [M, N] = op(A) [M, K] · op(B) [K, N]:
 *   1. copy A and B into the module's memory (`Float32Array.set`, i.e. memcpy);
 *   2. pack op(B) into NR-column panels (calling thread), then each thread packs its own range of
 *      MR-row panels of op(A) and computes those rows of C (rows split by whole panels);
 *   3. copy the padded C back out.
 * Buffers are laid out afresh per call in the one memory, which only grows (never shrinks), so
 * steady-state training reuses the same pages. Results do not depend on the thread count: each
 * element of C is summed by one thread, in the same order, by the same kernel.
 *
 * Threads poll, then wait on `Atomics.wait` / `Atomics.notify`, over a control block at the start
 * of the memory. A call is split only when 2·M·K·N >= `parallelMinFlops` and there are at least
 * two A panels; below that the hand-over costs more than the second core gives. Threads pay only
 * when the other core is idle: with another process on it, a split call waits for a descheduled
 * worker and runs several times slower than on one thread.
 */
import { Worker } from 'node:worker_threads';
import type { Data } from '../tensor.js';
import type { Backend } from './backend.js';
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
   * Milliseconds a thread polls for its next job (workers) or for the workers' results (caller)
   * before sleeping on `Atomics.wait` (default 1). Waking a sleeping worker costs about 40–50 µs
   * here, more than a whole 32×128×512 product takes on one core, so the poll must outlast the
   * gap between calls (the gate arithmetic between an LSTM's steps); the price is a busy second
   * core while products keep coming, released 1 ms after the last one.
   */
  spinMs?: number;
}

const PAGE = 65536;
const MAX_PAGES = 65536;
/** Bytes at the start of memory reserved for the thread control block. */
const CONTROL_BYTES = 4096;
/** Int32 slots per worker in the control block. */
const SLOT = 32;
/** Control slot fields. */
const SEQ = 0;
const DONE = 1;
const PARAMS = 2;

const roundUp = (x: number, to: number) => Math.ceil(x / to) * to;

/**
 * Worker body (plain JavaScript, run with `eval`): instantiate the kernel module on the shared
 * memory, then for each job posted in its control slot pack its A panels and compute its C rows.
 */
const workerSource = `
const { workerData, parentPort } = require('node:worker_threads');
const { module, memory, slot } = workerData;
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctl = new Int32Array(memory.buffer, 0, ${CONTROL_BYTES / 4});
const base = slot * ${SLOT};
const spinMs = workerData.spinMs;
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
  const p = ctl.subarray(base + ${PARAMS}, base + ${SLOT});
  k.packA(p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
  k.compute(p[7], p[8], p[9], p[10], p[11], p[12], p[4], p[13], p[14], p[15]);
  Atomics.store(ctl, base + ${DONE}, seq);
  Atomics.notify(ctl, base + ${DONE});
}
`;

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
  private readonly spinMs: number;
  private f32: Float32Array;
  private ctl: Int32Array;
  private seq = 0;

  /** Use `createSimdBackend`, which compiles the module and starts the workers. */
  constructor(parts: { memory: WasmMemory; kernels: KernelExports; workers: Worker[]; shape: KernelShape; kc: number; mc: number; parallelMinFlops: number; spinMs: number }) {
    this.memory = parts.memory;
    this.kernels = parts.kernels;
    this.workers = parts.workers;
    this.shape = parts.shape;
    this.threads = parts.workers.length + 1;
    this.kc = roundUp(parts.kc, parts.shape.unroll);
    this.mcPanels = Math.max(1, Math.round(parts.mc / parts.shape.mr));
    this.parallelMinFlops = parts.parallelMinFlops;
    this.spinMs = parts.spinMs;
    this.name = this.threads > 1 ? `simd×${this.threads}` : 'simd';
    this.f32 = new Float32Array(this.memory.buffer);
    this.ctl = new Int32Array(this.memory.buffer, 0, CONTROL_BYTES / 4);
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
    const { mr, nr, unroll } = this.shape;
    const mPanels = Math.ceil(m / mr);
    const nPanels = Math.ceil(n / nr);
    const kPad = roundUp(k, unroll);
    const ldc = nPanels * nr;
    // byte layout: control | A | B | packed A | packed B | padded C, each 64-byte aligned
    const aSrc = CONTROL_BYTES;
    const bSrc = aSrc + roundUp(4 * m * k, 64);
    const ap = bSrc + roundUp(4 * k * n, 64);
    const bp = ap + 4 * mPanels * mr * kPad;
    const cOut = bp + 4 * nPanels * nr * kPad;
    this.ensure(cOut + 4 * mPanels * mr * ldc);

    const f32 = this.f32;
    f32.set(a.subarray(0, m * k), aSrc / 4);
    f32.set(b.subarray(0, k * n), bSrc / 4);
    const K = this.kernels;
    K.packB(bSrc, bp, n, k, kPad, transB ? k : 1, transB ? 1 : n);
    const aIdx = transA ? 1 : k;
    const aDepth = transA ? m : 1;

    const threads = 2 * m * k * n >= this.parallelMinFlops ? Math.min(this.threads, mPanels) : 1;
    const bounds = Array.from({ length: threads + 1 }, (_, t) => Math.round((t * mPanels) / threads));
    for (let w = 1; w < threads; w++) {
      const [p0, p1] = [bounds[w], bounds[w + 1]];
      const slot = (w - 1) * SLOT;
      const rows = Math.min(m - p0 * mr, (p1 - p0) * mr);
      this.ctl.set([aSrc + 4 * p0 * mr * aIdx, ap + 4 * p0 * mr * kPad, rows, k, kPad, aIdx, aDepth, ap, bp, cOut, p0, p1, nPanels, this.kc, this.mcPanels, 4 * ldc], slot + PARAMS);
    }
    // job numbers stay positive (a negative one tells the workers to exit)
    this.seq = (this.seq % 0x3fffffff) + 1;
    for (let w = 1; w < threads; w++) {
      Atomics.store(this.ctl, (w - 1) * SLOT + SEQ, this.seq);
      Atomics.notify(this.ctl, (w - 1) * SLOT + SEQ);
    }
    const rows0 = Math.min(m, bounds[1] * mr);
    K.packA(aSrc, ap, rows0, k, kPad, aIdx, aDepth);
    K.compute(ap, bp, cOut, 0, bounds[1], nPanels, kPad, this.kc, this.mcPanels, 4 * ldc);
    for (let w = 1; w < threads; w++) {
      const done = (w - 1) * SLOT + DONE;
      const until = performance.now() + this.spinMs;
      let prev = Atomics.load(this.ctl, done);
      while (prev !== this.seq && performance.now() < until) prev = Atomics.load(this.ctl, done);
      for (; prev !== this.seq; prev = Atomics.load(this.ctl, done)) Atomics.wait(this.ctl, done, prev);
    }

    if (ldc === n) c.set(f32.subarray(cOut / 4, cOut / 4 + m * n));
    else for (let i = 0; i < m; i++) c.set(f32.subarray(cOut / 4 + i * ldc, cOut / 4 + i * ldc + n), i * n);
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
    const threshold = this.parallelMinFlops;
    this.parallelMinFlops = 0;
    try {
      for (let i = 0; i < 16; i++) this.matmul(a, b, c, m, k, n, i % 2 === 1, i % 4 >= 2);
    } finally {
      this.parallelMinFlops = threshold;
    }
  }

  /** Stop the worker threads and wait for them to exit; the backend cannot be used afterwards. */
  async dispose(): Promise<void> {
    for (let w = 0; w < this.workers.length; w++) {
      Atomics.store(this.ctl, w * SLOT + SEQ, -1);
      Atomics.notify(this.ctl, w * SLOT + SEQ);
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
  if (threads - 1 > CONTROL_BYTES / 4 / SLOT) throw new Error(`simd backend: at most ${CONTROL_BYTES / 4 / SLOT + 1} threads`);
  const shape: KernelShape = {
    mr: options.mr ?? 8,
    nr: options.nr ?? 16,
    unroll: options.unroll ?? 2,
    madd: (options.relaxed ?? true) && relaxedMaddSupported(),
  };
  const spinMs = options.spinMs ?? 1;
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
  const backend = new SimdBackend({ memory, kernels, workers, shape, kc: options.kc ?? 256, mc: options.mc ?? 256, parallelMinFlops: options.parallelMinFlops ?? 2e7, spinMs });
  backend.warmUp();
  return backend;
}

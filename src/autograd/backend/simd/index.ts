/**
 * Creating the SIMD backend: compile the kernel module for the requested micro-kernel shape,
 * allocate its memory (shared when threads are asked for), start the worker threads and warm the
 * kernels up. One thread needs nothing but WebAssembly SIMD, so the backend runs in Node, in a
 * browser page and in a Web Worker alike; more threads need a host that can start workers on a
 * shared memory (`workerStarter`), and without one the backend runs on one thread and says why
 * (`SimdBackend.threadsNote`).
 */
import { SimdBackend } from './backend.js';
import type { KernelShape } from './kernels/gemm.js';
import { enableRelaxedMadd, kernelModuleBytes, simdSupported, type KernelExports } from './kernels/module.js';
import { MatmulHost } from './matmul.js';
import { MAX_PAGES, SimdMemory } from './memory.js';
import { ThreadPool, workerStarter } from './thread-pool.js';
import { webAssembly } from '../../../wasm/wasm-api.js';
import { winogradMatrices } from './winograd-matrices.js';

export interface SimdOptions {
  /** Threads computing one matmul, the calling thread included (default 1). */
  threads?: number;
  /**
   * Micro-kernel tile and unroll (default 8×16, unroll 2: the fastest measured here, although its
   * 32 accumulators spill out of the 16 xmm registers; docs/performance.md).
   */
  mr?: number;
  nr?: number;
  unroll?: number;
  /**
   * Use f32x4.relaxed_madd where the engine validates it (default true): fused multiply-adds in
   * the gemm and the Winograd transforms. In Node 20 this sets V8's relaxed-SIMD flag for the
   * process (`enableRelaxedMadd`). Results are deterministic per kernel, and the two kernels
   * differ in rounding (`SimdBackend.shape.madd` says which runs).
   */
  relaxed?: boolean;
  /**
   * Winograd tile F(m, r) for the stride-1 convolutions with K = r (and channel counts that are
   * multiples of 4): m outputs per tile (default { m: 4, r: 5 }, the paper CNN's kernel; chosen
   * by float32 error and speed, docs/performance.md), or null for the direct kernels only.
   */
  winograd?: { m: number; r: number } | null;
  /** Depth block KC (default 256) and A-rows block MC (default 256). */
  kc?: number;
  mc?: number;
  /**
   * Smallest 2·M·K·N that is split over threads (default 2e7). Inside training, splitting the
   * LSTM's small per-step products made a batch slower, because the polling worker takes the core
   * V8's garbage-collector threads need; the default splits only products like the convolutions'
   * and the whole-sequence weight gradients (docs/performance.md).
   */
  parallelMinFlops?: number;
  /**
   * Milliseconds a worker polls for its next job before sleeping on `Atomics.wait` (default 0: a
   * brief poll only). Waking a sleeping worker only delays its first chunk (the caller starts at
   * once), while a polling worker takes cycles from the caller's own work between products
   * whenever another process holds the other core. A longer poll pays only with products split
   * back to back (a low `parallelMinFlops` on a quiet machine; docs/performance.md).
   */
  spinMs?: number;
}

/** Why the SIMD backend cannot run here, or null when it can. */
export function simdUnavailableReason(): string | null {
  if (!webAssembly()) return 'WebAssembly is not available';
  if (!simdSupported()) return 'this WebAssembly engine does not support 128-bit SIMD';
  return null;
}

/**
 * Compile the kernel module for the requested tile and start `threads - 1` workers on a shared
 * memory. Throws with the reason when WASM SIMD is missing; where no worker threads can start,
 * runs on one thread with the reason in `threadsNote`.
 */
export async function createSimdBackend(options: SimdOptions = {}): Promise<SimdBackend> {
  const reason = simdUnavailableReason();
  if (reason) throw new Error(`simd backend: ${reason}`);
  const asked = Math.max(1, Math.floor(options.threads ?? 1));
  const startWorker = asked > 1 ? await workerStarter() : null;
  const threadsNote = typeof startWorker === 'string' ? `simd backend: 1 thread instead of ${asked}: ${startWorker}` : null;
  const threads = typeof startWorker === 'function' ? asked : 1;
  const shape: KernelShape = {
    mr: options.mr ?? 8,
    nr: options.nr ?? 16,
    unroll: options.unroll ?? 2,
    madd: (options.relaxed ?? true) && (await enableRelaxedMadd()),
  };
  const shared = threads > 1;
  const wasm = webAssembly()!;
  const memory = new wasm.Memory({ initial: 1, maximum: MAX_PAGES, shared });
  const tile = options.winograd === undefined ? { m: 4, r: 5 } : options.winograd;
  const mats = tile === null ? null : winogradMatrices(tile.m, tile.r);
  const module = await wasm.compile(kernelModuleBytes(shape, { shared, maximumPages: MAX_PAGES }, mats));
  const instance = await wasm.instantiate(module, { env: { memory } });
  const kernels = instance.exports as unknown as KernelExports;
  const pool = typeof startWorker === 'function' ? await ThreadPool.start(threads, module, memory, options.spinMs ?? 0, startWorker) : null;
  const host = new MatmulHost(new SimdMemory(memory), kernels, shape, { kc: options.kc ?? 256, mc: options.mc ?? 256 }, options.parallelMinFlops ?? 2e7, pool);
  const backend = new SimdBackend(host, pool, threadsNote, mats);
  backend.warmUp();
  return backend;
}

export { SimdBackend } from './backend.js';

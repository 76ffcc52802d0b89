/**
 * Backends by name, for `--backend` flags and benchmarks:
 * - 'reference': the plain loops (`reference.ts`), always present, the yardstick;
 * - 'tiled': blocked register-tiled TypeScript (`tiled.ts`), the fallback without WASM SIMD
 *   (convolutions as im2col + its matmul);
 * - 'simd': the WebAssembly SIMD kernels (`simd/`), `threads` of them sharing one memory;
 * - 'gpujs': one gpu.js kernel (`gpujs.ts`) in an explicit gpu.js mode (default 'gpu', which
 *   refuses to start without a GPU rather than fall back to the CPU);
 * - 'auto': 'simd' where WebAssembly SIMD validates, else 'tiled'.
 * Every fast backend computes float32 itself and hands float64 (the gradient checks) to the
 * reference backend.
 */
import type { Backend } from './backend.js';
import { createGpujsBackend, type GpujsMode } from './gpujs.js';
import { referenceBackend } from './reference.js';
import { createSimdBackend, simdUnavailableReason, type SimdOptions } from './simd/index.js';
import { tiledBackend } from './tiled.js';

export type BackendName = 'reference' | 'tiled' | 'simd' | 'gpujs' | 'auto';

export const backendNames: readonly BackendName[] = ['reference', 'tiled', 'simd', 'gpujs', 'auto'];

export interface BackendOptions extends SimdOptions {
  /** gpu.js mode for 'gpujs' (default 'gpu'). */
  gpujsMode?: GpujsMode;
}

/** A backend together with the means to release what it holds (worker threads, GL contexts). */
export interface ManagedBackend extends Backend {
  dispose(): Promise<void>;
}

/**
 * Create the backend `name`. Async because the SIMD backend compiles its module and starts its
 * worker threads. Throws with the reason when the backend cannot run here (no WASM SIMD, no GPU
 * for gpu.js's 'gpu' mode, ...).
 */
export async function createBackend(name: BackendName, options: BackendOptions = {}): Promise<ManagedBackend> {
  switch (name) {
    case 'reference':
      return { ...referenceBackend, dispose: async () => {} };
    case 'tiled':
      return { ...tiledBackend, dispose: async () => {} };
    case 'simd':
      return createSimdBackend(options);
    case 'gpujs':
      return createGpujsBackend({ mode: options.gpujsMode });
    case 'auto':
      return createBackend(simdUnavailableReason() === null ? 'simd' : 'tiled', options);
    default:
      throw new Error(`createBackend: unknown backend '${name as string}' (one of ${backendNames.join(', ')})`);
  }
}

export { convFlops, timeConv1d, type ConvTiming, type ConvTimingOptions } from './conv-timing.js';
export { createGpujsBackend, gpujsModes, gpujsUnavailableReason, isSoftwareRenderer, GpujsBackend, type GpujsMode, type GpujsOperand } from './gpujs.js';
export { profileGpujsMatmul, type CallProfile, type MatmulShape, type Timer } from './gpujs-profile.js';
export { createSimdBackend, simdUnavailableReason, SimdBackend, type SimdOptions } from './simd/index.js';
export { tiledBackend } from './tiled.js';

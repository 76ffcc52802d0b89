/**
 * The SIMD backend's one WebAssembly memory and how each call plans it. A call lays its buffers
 * out afresh with a bump allocator (`Layout`, 64-byte aligned regions after the thread pool's
 * control block), grows the memory to the layout's end if needed (`SimdMemory.ensure`), copies
 * its operands in and its results out. The memory only grows, never shrinks, so steady-state
 * training reuses the same pages. All addresses are in bytes.
 */
import type { Data } from '../../tensor.js';
import { Layout as MemoryLayout, MAX_PAGES, PAGE, roundUp } from '../../../wasm/layout.js';
import type { WasmMemory } from '../../../wasm/wasm-api.js';

/** Bytes at the start of memory reserved for the thread pool's control block (`thread-pool.ts`). */
export const CONTROL_BYTES = 4096;

export { MAX_PAGES, PAGE, roundUp };

/** A bump allocator over the module's memory for one call: 64-byte aligned regions after the control block. */
export class Layout extends MemoryLayout {
  constructor() {
    super(CONTROL_BYTES);
  }
}

/** The memory with a float32 view of all of it, kept current as the memory grows. */
export class SimdMemory {
  f32: Float32Array;

  constructor(readonly wasm: WasmMemory) {
    this.f32 = new Float32Array(wasm.buffer);
  }

  /** Grow the memory to at least `bytes` and refresh the view. */
  ensure(bytes: number): void {
    if (bytes > MAX_PAGES * PAGE) throw new Error(`simd backend: a matmul needing ${(bytes / 2 ** 30).toFixed(2)} GiB of buffers exceeds the 4 GiB of a 32-bit WebAssembly memory`);
    const have = this.wasm.buffer.byteLength;
    if (bytes > have) this.wasm.grow(Math.ceil((bytes - have) / PAGE));
    if (this.f32.buffer !== this.wasm.buffer || this.f32.length * 4 !== this.wasm.buffer.byteLength) this.f32 = new Float32Array(this.wasm.buffer);
  }

  /** out[dst + i·n + j] = C[row0 + i, j] for i < rows, j < n (C at byte `c` with row stride ldc bytes). */
  copyRows(c: number, ldc: number, row0: number, rows: number, n: number, out: Data, dst: number): void {
    const from = c / 4 + row0 * (ldc / 4);
    if (ldc === 4 * n) out.set(this.f32.subarray(from, from + rows * n), dst);
    else for (let i = 0; i < rows; i++) out.set(this.f32.subarray(from + i * (ldc / 4), from + i * (ldc / 4) + n), dst + i * n);
  }
}

/**
 * Planning a WebAssembly memory: its page size and 32-bit limit, and the bump allocator of 64-byte
 * aligned regions that every kernel call (the autograd SIMD backend's and the DSP's) lays its
 * buffers out with. All addresses are in bytes.
 */

export const PAGE = 65536;
/** 4 GiB, the most a 32-bit WebAssembly memory can address. */
export const MAX_PAGES = 65536;

export const roundUp = (x: number, to: number): number => Math.ceil(x / to) * to;

/** A bump allocator for one call: 64-byte aligned regions from `start` on. */
export class Layout {
  end: number;

  constructor(start = 0) {
    this.end = start;
  }

  /** Reserve `bytes`; returns the region's byte address. */
  reserve(bytes: number): number {
    const at = this.end;
    this.end = roundUp(at + bytes, 64);
    return at;
  }

  /** Reserve `count` floats; returns the byte address. */
  floats(count: number): number {
    return this.reserve(4 * count);
  }
}

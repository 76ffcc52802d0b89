/**
 * The SIMD backend's host side of a product, shared by the matmul, the convolution and the LSTM:
 * planning a product's buffers in the memory (`plan`) and running its `gemm`, on the calling
 * thread or split over the thread pool (`gemm`), and the plain matmul on top of them.
 *
 * One matmul C [M, N] = op(A) [M, K] · op(B) [K, N]:
 *   1. copy A and B into the module's memory (`Float32Array.set`, i.e. memcpy);
 *   2. pack op(B) into NR-column panels (calling thread), then run `gemm` over the MR-row panels
 *      of op(A), which packs A block by block as it goes;
 *   3. copy the padded C back out.
 * A product is split over the threads only when 2·M·K·N >= `parallelMinFlops` and it has at
 * least two A panels: waking the workers costs more than small products gain (docs/performance.md).
 */
import type { Data } from '../../tensor.js';
import type { KernelShape } from './kernels/gemm.js';
import type { KernelExports } from './kernels/module.js';
import { Layout, roundUp, type SimdMemory } from './memory.js';
import type { RangeExports, RangeJob, ThreadPool } from './thread-pool.js';
import { float32Operands } from '../matmul-cases.js';

/** A planned product C [m, n] = op(A) [m, k] · B [k, n]: packed B, per-thread A blocks, padded C (ldc in bytes). */
export interface Product {
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

export class MatmulHost {
  /** Threads computing one product, the calling thread included. */
  readonly threads: number;
  /** Depth block KC, a multiple of the unroll. */
  readonly kc: number;
  /** A-rows block MC in panels of MR. */
  readonly mcPanels: number;

  constructor(
    readonly memory: SimdMemory,
    readonly kernels: KernelExports,
    readonly shape: KernelShape,
    blocks: { kc: number; mc: number },
    /** Smallest 2·M·K·N that is split over the threads. */
    public parallelMinFlops: number,
    private readonly pool: ThreadPool | null,
  ) {
    this.threads = pool?.threads ?? 1;
    this.kc = roundUp(blocks.kc, shape.unroll);
    this.mcPanels = Math.max(1, Math.round(blocks.mc / shape.mr));
  }

  /**
   * `Backend.matmul` itself (the SIMD backend's method is this one, bound): C = op(A)·op(B) in the
   * module for float32 data; float64 data (the gradient checks) goes to the reference loops.
   */
  matmul(aData: Data, bData: Data, cData: Data, m: number, k: number, n: number, transA = false, transB = false): void {
    const operands = float32Operands(aData, bData, cData, m, k, n, transA, transB);
    if (!operands) return;
    const { a, b, c } = operands;
    const mem = new Layout();
    const aSrc = mem.floats(m * k);
    const bSrc = mem.floats(k * n);
    const product = this.plan(mem, m, k, n);
    this.memory.ensure(mem.end);
    const f32 = this.memory.f32;
    f32.set(a.subarray(0, m * k), aSrc / 4);
    f32.set(b.subarray(0, k * n), bSrc / 4);
    this.kernels.packB(bSrc, product.bp, n, k, product.kPad, transB ? k : 1, transB ? 1 : n);
    this.gemm(product, aSrc, transA ? 1 : k, transA ? m : 1);
    this.memory.copyRows(product.c, product.ldc, 0, m, n, c, 0);
  }

  /**
   * Reserve the packed B, the per-thread A blocks and the padded C of an [m, k]·[k, n] product;
   * `sharedB`: the packed B of an earlier plan with the same k and n, reused.
   */
  plan(mem: Layout, m: number, k: number, n: number, sharedB?: number): Product {
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
   * C = op(A)·Bp for a planned product, op(A) read at `aSrc` with element strides sIdx, sDepth
   * (added to C as it is with `accumulate`): one `gemm` over all A panels, or the thread pool's
   * chunks of them when the product is large.
   */
  gemm(p: Product, aSrc: number, sIdx: number, sDepth: number, accumulate = false): void {
    const mPanels = Math.ceil(p.m / this.shape.mr);
    const args = [aSrc, sIdx, sDepth, p.m, p.k, p.kPad, p.aBufs[0], p.bp, p.c, 0, mPanels, p.nPanels, this.kc, this.mcPanels, p.ldc, accumulate ? 1 : 0];
    const chunkUnits = Math.max(1, Math.min(this.mcPanels, Math.ceil(mPanels / (16 * this.threads))));
    this.run({ kernel: 'gemm', args, rangeAt: 9, scratchAt: 6, units: mPanels, chunkUnits }, p.aBufs, 2 * p.m * p.k * p.n);
  }

  /**
   * Run a range kernel over all its units: split over the thread pool when there is one, the job
   * has at least two chunks and its `flops` reach `parallelMinFlops`, else one call on this
   * thread (with the range [0, units) and `scratch[0]`).
   */
  run(job: RangeJob, scratch: readonly number[], flops: number): void {
    const kernels = this.kernels as unknown as RangeExports;
    if (this.pool !== null && flops >= this.parallelMinFlops && job.units > job.chunkUnits) {
      this.pool.run(kernels, job, scratch);
      return;
    }
    const args = [...job.args];
    args[job.rangeAt] = 0;
    args[job.rangeAt + 1] = job.units;
    args[job.scratchAt] = scratch[0];
    kernels[job.kernel](...args);
  }
}

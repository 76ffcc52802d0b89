/**
 * SIMD backend: float32 matmul, conv1d, the LSTM recurrence and the paper's max-pooling on the
 * WebAssembly SIMD kernels (`kernels/`), optionally split over worker threads that share one
 * WebAssembly.Memory (`thread-pool.ts`). This class only routes each call: float32 data to the
 * host code (`matmul.ts`, `conv.ts`, `winograd.ts` for the convolutions it takes, `lstm.ts`,
 * `pool.ts`), float64 data (the gradient checks) to the reference backend, and LSTM layers or
 * poolings the module cannot take (U or C not a multiple of 4, an empty LSTM) to the plain loops.
 * Results do not depend on the thread count.
 */
import type { Data } from '../../tensor.js';
import type { Backend, Conv1dGrads, Conv1dShape, LstmCache, LstmGrads, LstmShape, PoolShape } from '../backend.js';
import { lstmLoops } from '../lstm-loops.js';
import { referenceBackend } from '../reference.js';
import { simdConv1d, simdConv1dBackward } from './conv.js';
import type { KernelShape } from './kernels/gemm.js';
import { simdLstmBackward, simdLstmForward } from './lstm.js';
import type { MatmulHost } from './matmul.js';
import { simdMaxPoolPairs, simdMaxPoolPairsBackward, simdPoolTakes } from './pool.js';
import type { ThreadPool } from './thread-pool.js';
import { winogradConv1d, winogradConv1dBackward, winogradTakes } from './winograd.js';
import type { WinogradMatrices } from './winograd-matrices.js';

const allFloat32 = (data: readonly (Data | null)[]): boolean => data.every((d) => d === null || d instanceof Float32Array);

export class SimdBackend implements Backend {
  readonly name: string;
  /** Threads computing one product, the calling thread included. */
  readonly threads: number;
  readonly shape: KernelShape;
  /** Why `threads` is fewer than were asked for (no worker threads here), or null. */
  readonly threadsNote: string | null;
  /** The Winograd tile F(m, r) the module has kernels for, or null (direct convolutions only). */
  readonly winograd: WinogradMatrices | null;
  private readonly host: MatmulHost;
  private readonly pool: ThreadPool | null;

  /** Use `createSimdBackend`, which compiles the module and starts the workers. */
  constructor(host: MatmulHost, pool: ThreadPool | null, threadsNote: string | null, winograd: WinogradMatrices | null) {
    this.host = host;
    this.pool = pool;
    this.threads = host.threads;
    this.shape = host.shape;
    this.threadsNote = threadsNote;
    this.winograd = winograd;
    this.name = this.threads > 1 ? `simd×${this.threads}` : 'simd';
    this.matmul = host.matmul.bind(host);
  }

  /** `Backend.matmul`: the host's own method (float64 data goes on to the reference loops from there). */
  readonly matmul: Backend['matmul'];

  conv1d(x: Data, w: Data, bias: Data | null, relu: boolean, y: Data, g: Conv1dShape): void {
    if (!allFloat32([x, w, bias, y])) referenceBackend.conv1d(x, w, bias, relu, y, g);
    else if (this.winograd && winogradTakes(this.winograd, g)) winogradConv1d(this.host, this.winograd, x, w, bias, relu, y, g);
    else simdConv1d(this.host, x, w, bias, relu, y, g);
  }

  conv1dBackward(x: Data, w: Data, y: Data | null, dy: Data, relu: boolean, g: Conv1dShape, grads: Conv1dGrads): void {
    if (!allFloat32([x, w, dy, y, grads.dx, grads.dw, grads.dbias])) referenceBackend.conv1dBackward(x, w, y, dy, relu, g, grads);
    else if (this.winograd && winogradTakes(this.winograd, g)) winogradConv1dBackward(this.host, this.winograd, x, w, y, dy, relu, g, grads);
    else simdConv1dBackward(this.host, x, w, y, dy, relu, g, grads);
  }

  /** The LSTM recurrence as plain loops around this backend's matmul, for what the module cannot take. */
  private readonly lstm = lstmLoops((a, b, c, m, k, n, transA, transB) => this.matmul(a, b, c, m, k, n, transA, transB));

  /** Whether the module's LSTM path takes this layer: float32 buffers, U a multiple of 4, nothing empty. */
  private static lstmInModule(data: readonly (Data | null)[], { batch, steps, features, units }: LstmShape): boolean {
    return allFloat32(data) && units % 4 === 0 && batch * steps !== 0 && features !== 0;
  }

  lstmForward(x: Data, w: Data, u: Data, bias: Data, recurrentScale: Data | null, g: LstmShape, cache: LstmCache): void {
    if (SimdBackend.lstmInModule([x, w, u, bias, recurrentScale, ...Object.values(cache)], g)) simdLstmForward(this.host, x, w, u, bias, recurrentScale, g, cache);
    else this.lstm.lstmForward(x, w, u, bias, recurrentScale, g, cache);
  }

  lstmBackward(dy: Data, returnSequences: boolean, x: Data, w: Data, u: Data, recurrentScale: Data | null, g: LstmShape, cache: LstmCache, grads: LstmGrads): void {
    if (SimdBackend.lstmInModule([dy, x, w, u, recurrentScale, ...Object.values(cache), ...Object.values(grads)], g)) {
      simdLstmBackward(this.host, dy, returnSequences, x, w, u, recurrentScale, g, cache, grads);
    } else this.lstm.lstmBackward(dy, returnSequences, x, w, u, recurrentScale, g, cache, grads);
  }

  maxPoolPairs(x: Data, y: Data, second: Uint8Array, g: PoolShape): void {
    if (simdPoolTakes([x, y], g)) simdMaxPoolPairs(this.host, x, y, second, g);
    else referenceBackend.maxPoolPairs(x, y, second, g);
  }

  maxPoolPairsBackward(dy: Data, second: Uint8Array, dx: Data, g: PoolShape): void {
    if (simdPoolTakes([dy, dx], g)) simdMaxPoolPairsBackward(this.host, dy, second, dx, g);
    else referenceBackend.maxPoolPairsBackward(dy, second, dx, g);
  }

  /**
   * Run a few small products and convolutions (direct, and Winograd when the module has it) on
   * every thread so V8 tiers the kernels up from its baseline compiler (Liftoff) before the first
   * real call.
   */
  warmUp(): void {
    const [m, k, n] = [16 * this.threads, 128, 64];
    const a = new Float32Array(m * k).fill(1);
    const b = new Float32Array(k * n).fill(1);
    const c = new Float32Array(m * n);
    const threshold = this.host.parallelMinFlops;
    this.host.parallelMinFlops = 0;
    try {
      for (let i = 0; i < 16; i++) this.matmul(a, b, c, m, k, n, i % 2 === 1, i % 4 >= 2);
      for (const kernel of this.winograd ? [3, this.winograd.r] : [3]) {
        const length = 16 * this.threads;
        const g: Conv1dShape = { batch: 2, length, channels: 8, kernel, filters: 16, stride: 1, padBefore: Math.floor((kernel - 1) / 2), outLength: length };
        const x = new Float32Array(g.batch * g.length * g.channels).fill(1);
        const w = new Float32Array(g.kernel * g.channels * g.filters).fill(1);
        const y = new Float32Array(g.batch * g.outLength * g.filters);
        const grads = { dx: new Float32Array(x.length), dw: new Float32Array(w.length), dbias: new Float32Array(g.filters) };
        for (let i = 0; i < 4; i++) {
          this.conv1d(x, w, w.subarray(0, g.filters), true, y, g);
          this.conv1dBackward(x, w, y, y, true, g, grads);
        }
      }
    } finally {
      this.host.parallelMinFlops = threshold;
    }
  }

  /** Stop the worker threads and wait for them to exit; the backend cannot be used afterwards. */
  async dispose(): Promise<void> {
    await this.pool?.dispose();
  }
}

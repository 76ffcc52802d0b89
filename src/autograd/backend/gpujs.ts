/**
 * gpu.js backend: float32 matmul as one gpu.js kernel, one output thread per element of C; the
 * convolution is im2col + that matmul (`conv1d-im2col.ts`), the LSTM recurrence plain loops
 * around it (`lstm-loops.ts`).
 * Float64 data goes to the reference backend. This is the only file that imports `gpu.js`.
 *
 * C [M, N] = op(A) [M, K] · op(B) [K, N]: thread (x = j, y = i) sums
 * `a[i·aRow + p·aDepth] · b[p·bDepth + j·bCol]` over p < K, so the strides passed per call select
 * the transpose variant and one compiled kernel serves all four (gpu.js recompiles only when an
 * argument size changes).
 *
 * Modes (gpu.js 2.24.1, chosen explicitly, never silently):
 * - 'gpu': the first GL backend gpu.js finds (headless-gl in Node, WebGL2/WebGL in a browser).
 *   gpu.js itself would fall back to its WebAssembly backend; this backend refuses instead, with
 *   the reason, so "--backend gpu" never quietly runs on the CPU.
 * - 'headlessgl': Node only. Needs gpu.js's optional dependency `gl` (headless-gl), a native
 *   module: it installs from a prebuilt binary or builds from source with python3, a C++
 *   toolchain and the X11/GL headers (Debian: `build-essential libxi-dev libglu1-mesa-dev
 *   libglew-dev pkg-config`). It renders through GLX, so it needs an X display: on a server run
 *   under `xvfb-run -s "-ac -screen 0 1280x1024x24" node ...`. Xvfb's GL is Mesa's software
 *   rasteriser (llvmpipe), so that measures the GL path on the CPU; the GPU itself is reached
 *   only through an X server running on its vendor driver.
 * - 'webgl' / 'webgl2': browser only.
 * - 'webasm': gpu.js's WebAssembly backend, the default in Node when no GL context exists. CPU.
 * - 'cpu': gpu.js's plain JavaScript backend. CPU.
 * gpu.js's 'webgpu' mode is not offered: its kernels return Promises (readback is `mapAsync`),
 * which a synchronous `Backend.matmul` cannot await.
 */
import { GPU, type IGPUKernelSettings, type IKernelFunctionThis, type IKernelRunShortcut, type KernelFunction } from 'gpu.js';
import type { Data } from '../tensor.js';
import type { Backend, Conv1dGrads, Conv1dShape, LstmCache, LstmGrads, LstmShape } from './backend.js';
import { im2colConv } from './conv1d-im2col.js';
import { lstmLoops } from './lstm-loops.js';
import { referenceBackend } from './reference.js';

export type GpujsMode = 'gpu' | 'headlessgl' | 'webgl' | 'webgl2' | 'webasm' | 'cpu';

export const gpujsModes: readonly GpujsMode[] = ['gpu', 'headlessgl', 'webgl', 'webgl2', 'webasm', 'cpu'];

/** Largest K the GL kernels loop over (GLSL loops need a constant bound). */
const MAX_K = 1 << 16;

/** The per-element kernel; gpu.js translates its source (GLSL, WebAssembly or JavaScript). */
function matmulKernel(this: IKernelFunctionThis, a: number[], b: number[], k: number, aRow: number, aDepth: number, bDepth: number, bCol: number): number {
  const i = this.thread.y;
  const j = this.thread.x;
  let sum = 0;
  for (let p = 0; p < k; p++) {
    sum += a[i * aRow + p * aDepth] * b[p * bDepth + j * bCol];
  }
  return sum;
}

export class GpujsBackend implements Backend {
  readonly name: string;
  /** The gpu.js kernel family actually running: 'gpu' (a GL backend), 'webasm' or 'cpu'. */
  readonly kernelMode: string;
  private readonly gpu: GPU;
  private readonly kernel: IKernelRunShortcut;

  /** Use `createGpujsBackend`, which checks that the mode can run here. */
  constructor(readonly mode: GpujsMode) {
    this.gpu = new GPU({ mode });
    this.kernelMode = (this.gpu as unknown as { Kernel: { mode: string } }).Kernel.mode;
    this.name = `gpujs-${mode}`;
    // loopMaxIterations (the GLSL loop bound) is honoured by gpu.js but missing from its typings
    const settings: IGPUKernelSettings & { loopMaxIterations: number } = {
      dynamicOutput: true,
      dynamicArguments: true,
      output: [1, 1],
      precision: 'single',
      loopMaxIterations: MAX_K,
      argumentTypes: { a: 'Array', b: 'Array', k: 'Integer', aRow: 'Integer', aDepth: 'Integer', bDepth: 'Integer', bCol: 'Integer' },
    };
    this.kernel = this.gpu.createKernel(matmulKernel as unknown as KernelFunction, settings);
  }

  matmul(a: Data, b: Data, c: Data, m: number, k: number, n: number, transA = false, transB = false): void {
    if (!(a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array)) {
      referenceBackend.matmul(a, b, c, m, k, n, transA, transB);
      return;
    }
    if (m === 0 || n === 0) return;
    if (k === 0 || k > MAX_K) {
      referenceBackend.matmul(a, b, c, m, k, n, transA, transB);
      return;
    }
    this.kernel.setOutput([n, m]);
    const out = this.kernel(a.subarray(0, m * k), b.subarray(0, k * n), k, transA ? 1 : k, transA ? m : 1, transB ? 1 : n, transB ? k : 1) as Float32Array[] | Float32Array;
    if (out instanceof Float32Array) c.set(out.subarray(0, m * n));
    else for (let i = 0; i < m; i++) c.set(out[i].subarray(0, n), i * n);
  }

  /** im2col + this backend's matmul (float64 goes to the reference loops through matmul). */
  private readonly conv = im2colConv((a, b, c, m, k, n, transA, transB) => this.matmul(a, b, c, m, k, n, transA, transB));

  conv1d(x: Data, w: Data, bias: Data | null, relu: boolean, y: Data, g: Conv1dShape): void {
    this.conv.conv1d(x, w, bias, relu, y, g);
  }

  conv1dBackward(x: Data, w: Data, y: Data | null, dy: Data, relu: boolean, g: Conv1dShape, grads: Conv1dGrads): void {
    this.conv.conv1dBackward(x, w, y, dy, relu, g, grads);
  }

  /** The LSTM recurrence as plain loops around this backend's matmul (`lstm-loops.ts`). */
  private readonly lstm = lstmLoops((a, b, c, m, k, n, transA, transB) => this.matmul(a, b, c, m, k, n, transA, transB));

  lstmForward(x: Data, w: Data, u: Data, bias: Data, recurrentScale: Data | null, g: LstmShape, cache: LstmCache): void {
    this.lstm.lstmForward(x, w, u, bias, recurrentScale, g, cache);
  }

  lstmBackward(dy: Data, returnSequences: boolean, x: Data, w: Data, u: Data, recurrentScale: Data | null, g: LstmShape, cache: LstmCache, grads: LstmGrads): void {
    this.lstm.lstmBackward(dy, returnSequences, x, w, u, recurrentScale, g, cache, grads);
  }

  /** Release the gpu.js context and its kernels. */
  async dispose(): Promise<void> {
    await this.gpu.destroy();
  }
}

/** Why `mode` cannot run here, or null when it can. */
export function gpujsUnavailableReason(mode: GpujsMode): string | null {
  const supported: Record<GpujsMode, () => boolean> = {
    gpu: () => GPU.isHeadlessGLSupported || GPU.isWebGL2Supported || GPU.isWebGLSupported,
    headlessgl: () => GPU.isHeadlessGLSupported,
    webgl: () => GPU.isWebGLSupported,
    webgl2: () => GPU.isWebGL2Supported,
    webasm: () => GPU.isWebAssemblySupported,
    cpu: () => true,
  };
  if (supported[mode]()) return null;
  const inNode = typeof process === 'object' && !!process.versions?.node;
  if (mode === 'webgl' || mode === 'webgl2') return `gpu.js mode '${mode}' needs a browser with ${mode === 'webgl' ? 'WebGL' : 'WebGL2'}${inNode ? " (in Node use 'headlessgl')" : ''}`;
  if (mode === 'webasm') return 'gpu.js mode webasm needs WebAssembly';
  const headless =
    'no GPU found: headless-gl is unavailable (the optional native module `gl` is not installed or could not open a GL context; ' +
    'it needs an X display, e.g. `xvfb-run -s "-ac -screen 0 1280x1024x24" node ...`)';
  if (mode === 'headlessgl') return headless;
  return inNode ? headless : 'no GPU found: neither WebGL2 nor WebGL is available in this browser';
}

/** A gpu.js backend in `mode`; throws with the reason when that mode cannot run here. */
export function createGpujsBackend(options: { mode?: GpujsMode } = {}): GpujsBackend {
  const mode = options.mode ?? 'gpu';
  if (!gpujsModes.includes(mode)) throw new Error(`gpujs backend: unknown mode '${mode}' (one of ${gpujsModes.join(', ')})`);
  const reason = gpujsUnavailableReason(mode);
  if (reason) throw new Error(`gpujs backend (mode '${mode}'): ${reason}`);
  return new GpujsBackend(mode);
}

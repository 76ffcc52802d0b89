/**
 * gpu.js backend: float32 matmul as one gpu.js kernel, one output thread per element of C; the
 * convolution is im2col + that matmul (`conv1d-im2col.ts`), the LSTM recurrence plain loops
 * around it (`lstm-loops.ts`) with the recurrent weights Uh uploaded once per layer call, the
 * max-pooling the reference's loops. Float64 data goes to the reference backend. This is the only
 * file that imports `gpu.js`.
 *
 * C [M, N] = op(A) [M, K] · op(B) [K, N]: thread (x = j, y = i) sums
 *   `a[aStart + i·aRow + p·aDepth] · b[bStart + p·bDepth + j·bCol]` over p < K,
 * so the strides passed per call select the transpose variant and one compiled kernel serves all
 * four. A product deeper than `MAX_DEPTH` runs as depth slices (the start offsets) added into C,
 * with both operands uploaded once for all slices.
 *
 * Kernel settings that correctness depends on (gpu.js 2.24.1):
 * - `tactic: 'precision'`: highp floats and ints in every shader. gpu.js's default picks the
 *   shader precision from the output texture's size, lowp for small outputs; and when a later
 *   `setOutput` crosses that size, gpu.js asks to switch kernels, finds the same kernel again
 *   (the lookup uses the stale size) and keeps the previous output size, so a product grown past
 *   2^15 outputs (Mesa's lowp range) came back truncated to the earlier call's shape.
 * - explicit `argumentTypes` for every kernel, one kernel per operand kind (array or texture), so
 *   gpu.js never switches kernels on an argument type either (a switched kernel also loses
 *   `dynamicArguments` in gpu.js 2.24.1).
 * - every result is checked to come from a GL kernel of the requested shape: gpu.js replaces a
 *   kernel that fails to build by its CPU kernel with a console warning only; this backend throws.
 *
 * Modes (gpu.js 2.24.1, chosen explicitly, never silently):
 * - 'gpu': the first GL backend gpu.js finds (headless-gl in Node, WebGL2/WebGL in a browser).
 *   gpu.js itself would fall back to its WebAssembly backend; this backend refuses instead, with
 *   the reason, so "--backend gpu" never quietly runs on the CPU.
 * - 'headlessgl': Node only. Needs gpu.js's optional dependency `gl` (headless-gl), a native
 *   module built from source with python3, a C++ toolchain and the X11/GL headers (Debian:
 *   `build-essential libxi-dev libglu1-mesa-dev libglew-dev pkg-config`). It renders through GLX,
 *   so it needs an X display: on a server run under `xvfb-run -a node ...`. Xvfb's GL is Mesa's
 *   software rasteriser (llvmpipe), so that measures the GL path on the CPU; the GPU itself is
 *   reached only through an X server running on its vendor driver.
 * - 'webgl' / 'webgl2': browser only.
 * - 'webasm': gpu.js's WebAssembly backend, the default in Node when no GL context exists. CPU.
 * - 'cpu': gpu.js's plain JavaScript backend. CPU.
 * gpu.js's 'webgpu' mode is not offered: its kernels return Promises (readback is `mapAsync`),
 * which a synchronous `Backend.matmul` cannot await.
 *
 * In the GL modes an operand can live on the GPU as a texture (`upload`), and a product can leave
 * its result there (`product` without an output array); `bench/matmul.js` times a call's upload,
 * compute and readback with them.
 */
import { GLKernel, GPU, type IKernelFunctionThis, type IKernelRunShortcut, type KernelFunction, type Texture } from 'gpu.js';
import type { Data } from '../tensor.js';
import type { Backend, Conv1dGrads, Conv1dShape, LstmCache, LstmGrads, LstmShape } from './backend.js';
import { im2colConv } from './conv1d-im2col.js';
import { lstmLoops } from './lstm-loops.js';
import { float32Operands } from './matmul-cases.js';
import { referenceBackend } from './reference.js';

export type GpujsMode = 'gpu' | 'headlessgl' | 'webgl' | 'webgl2' | 'webasm' | 'cpu';

export const gpujsModes: readonly GpujsMode[] = ['gpu', 'headlessgl', 'webgl', 'webgl2', 'webasm', 'cpu'];

/** Deepest K one kernel call loops over (GLSL loops need a constant bound); deeper products run in slices. */
const MAX_DEPTH = 1 << 14;

/**
 * Largest output side of one kernel call (GL modes). gpu.js renders a [N, M] output into an N × M
 * texture and sizes its shared canvas to the largest width and height any kernel used so far: a
 * tall output after a wide one would make it 16384² (1 GiB). 4096 keeps it at most 64 MiB.
 */
const MAX_OUTPUT_SIDE = 4096;

/** A matmul operand: values in host memory, or a texture already on the GPU (GL modes, `upload`). */
export type GpujsOperand = Float32Array | Texture;

/** One depth slice of the product; gpu.js translates its source (GLSL, WebAssembly or JavaScript). */
function matmulKernel(
  this: IKernelFunctionThis,
  a: number[],
  b: number[],
  k: number,
  aStart: number,
  aRow: number,
  aDepth: number,
  bStart: number,
  bDepth: number,
  bCol: number,
): number {
  // thread ids inline: gpu.js types a local copy of one as a float, and float index arithmetic
  // is inexact past 2^24 elements
  let sum = 0;
  for (let p = 0; p < k; p++) {
    sum += a[aStart + this.thread.y * aRow + p * aDepth] * b[bStart + p * bDepth + this.thread.x * bCol];
  }
  return sum;
}

/** values → a texture holding them (the upload of a resident operand). */
function copyKernel(this: IKernelFunctionThis, values: number[]): number {
  return values[this.thread.x];
}

/** gpu.js's type name of a single-precision float texture (missing from its typings). */
const TEXTURE_TYPE = 'ArrayTexture(1)';

/** A block of a product: rows [i, i + rows), columns [j, j + cols), depth terms [p, p + depth). */
interface Block {
  i: number;
  rows: number;
  j: number;
  cols: number;
  p: number;
  depth: number;
}

function isTexture(operand: GpujsOperand): operand is Texture {
  return !(operand instanceof Float32Array);
}

export class GpujsBackend implements Backend {
  readonly name: string;
  /** The gpu.js kernel family actually running: 'gpu' (a GL backend), 'webasm' or 'cpu'. */
  readonly kernelMode: string;
  /** Whether kernels run on a GL context (textures, `upload`, resident results). */
  readonly isGl: boolean;
  private readonly gpu: GPU;
  /** Matmul kernels by operand kinds and output kind ('aa', 'at', 'ta', 'tt', plus 'p' for a texture result). */
  private readonly kernels = new Map<string, IKernelRunShortcut>();
  private copy: IKernelRunShortcut | null = null;
  /**
   * Largest output side one kernel call renders: MAX_OUTPUT_SIDE or the GL context's texture size
   * limit when smaller (no limit on the CPU modes).
   */
  readonly maxOutputSide: number;
  /** Deepest K one kernel call loops over (MAX_DEPTH). */
  readonly maxDepth = MAX_DEPTH;
  /** Operands uploaded for the duration of one call (`withResident`), found by identity. */
  private readonly resident = new Map<Data, Texture>();

  /** Use `createGpujsBackend`, which checks that the mode can run here. */
  constructor(readonly mode: GpujsMode) {
    this.gpu = new GPU({ mode });
    const kernelClass = (this.gpu as unknown as { Kernel: typeof GLKernel & { mode: string } }).Kernel;
    this.kernelMode = kernelClass.mode;
    this.isGl = kernelClass.prototype instanceof GLKernel;
    this.name = `gpujs-${mode}`;
    this.maxOutputSide = this.isGl ? Math.min(MAX_OUTPUT_SIDE, (kernelClass as unknown as { features: { maxTextureSize: number } }).features.maxTextureSize) : Infinity;
  }

  /**
   * Settings shared by every kernel: sizes change per call (`dynamicOutput`, `dynamicArguments`),
   * float32 textures, highp shaders (see the file comment), GLSL loop bound `MAX_DEPTH`.
   */
  private kernel(source: KernelFunction, argumentTypes: string[], output: number[], pipeline: boolean): IKernelRunShortcut {
    // tactic and loopMaxIterations are honoured by gpu.js; argumentTypes as a list and the
    // texture type name are missing from its typings
    const settings = {
      dynamicOutput: true,
      dynamicArguments: true,
      output,
      precision: 'single',
      tactic: 'precision',
      loopMaxIterations: MAX_DEPTH,
      argumentTypes,
      pipeline,
      immutable: pipeline,
    } as unknown as Parameters<GPU['createKernel']>[1];
    return this.gpu.createKernel(source, settings);
  }

  private matmulKernelFor(a: GpujsOperand, b: GpujsOperand, toTexture: boolean): IKernelRunShortcut {
    const key = `${isTexture(a) ? 't' : 'a'}${isTexture(b) ? 't' : 'a'}${toTexture ? 'p' : ''}`;
    let kernel = this.kernels.get(key);
    if (!kernel) {
      const types = [isTexture(a) ? TEXTURE_TYPE : 'Array', isTexture(b) ? TEXTURE_TYPE : 'Array', ...new Array(7).fill('Integer')];
      kernel = this.kernel(matmulKernel as unknown as KernelFunction, types, [1, 1], toTexture);
      this.kernels.set(key, kernel);
    }
    return kernel;
  }

  /** Throw unless `kernel` still runs on this backend's gpu.js kernel class (no silent CPU fallback). */
  private checkNoFallback(kernel: IKernelRunShortcut): void {
    const running = (kernel as unknown as { kernel: object }).kernel;
    const expected = (this.gpu as unknown as { Kernel: new (...args: never[]) => object }).Kernel;
    if (!(running instanceof expected)) {
      const reason = (running as { fallbackReason?: string }).fallbackReason;
      throw new Error(`gpujs backend (${this.name}): gpu.js fell back to its CPU kernel${reason ? `: ${reason}` : ''}; refusing to compute on the CPU`);
    }
  }

  /**
   * Copy `values` into a texture on the GPU (GL modes only), for operands that many products
   * read. The caller owns it: `texture.delete()` frees it.
   */
  upload(values: Float32Array): Texture {
    if (!this.isGl) throw new Error(`gpujs backend (${this.name}): upload needs a GL mode (textures), this one runs '${this.kernelMode}'`);
    this.copy ??= this.kernel(copyKernel as unknown as KernelFunction, ['Array'], [1], true);
    this.copy.setOutput([values.length]);
    const texture = this.copy(values) as Texture;
    this.checkNoFallback(this.copy);
    return texture;
  }

  /**
   * The GL renderer's name, or null outside the GL modes: headless-gl (ANGLE over the X server's GL)
   * says only 'ANGLE'; Chromium names the device, e.g. 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader
   * Device ...))'.
   */
  renderer(): string | null {
    if (!this.isGl) return null;
    const gl = this.context();
    const debugInfo = gl.getExtension('WEBGL_debug_renderer_info') as { UNMASKED_RENDERER_WEBGL: number } | null;
    return String(gl.getParameter(debugInfo ? debugInfo.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  }

  /**
   * Wait until the GPU has finished every queued kernel (GL modes; for timing), by reading one value
   * back: GL runs commands in order, and Chromium's `gl.finish()` returns before the GPU is done.
   */
  finish(): void {
    if (!this.isGl) return;
    const probe = this.upload(Float32Array.of(0));
    probe.toArray();
    probe.delete();
  }

  /** The GL context, which gpu.js opens with its first kernel. */
  private context(): WebGLLike {
    const gpu = this.gpu as unknown as { context: WebGLLike | null };
    if (!gpu.context) this.upload(Float32Array.of(0)).delete();
    return gpu.context!;
  }

  /**
   * C = op(A)·op(B) on operands that may already be on the GPU, in one kernel call: K <= MAX_DEPTH
   * and m, n <= `maxOutputSide`. With `c` the result is read back into it and null is returned;
   * with `c` null it stays on the GPU and its texture is returned (GL modes; the caller deletes it).
   */
  product(a: GpujsOperand, b: GpujsOperand, m: number, k: number, n: number, transA: boolean, transB: boolean, c: Float32Array | null): Texture | null {
    if (k > MAX_DEPTH || m > this.maxOutputSide || n > this.maxOutputSide) {
      throw new Error(`gpujs backend: one kernel call takes K <= ${MAX_DEPTH} and M, N <= ${this.maxOutputSide}, got ${m}×${k}×${n} (matmul splits larger products)`);
    }
    return this.block(a, b, m, k, n, transA, transB, { i: 0, rows: m, j: 0, cols: n, p: 0, depth: k }, c, false);
  }

  /**
   * One block of C = op(A)·op(B) (A [m, k] or Aᵀ stored [k, m], B [k, n] or Bᵀ stored [n, k]): rows
   * [i, i + rows) and columns [j, j + cols) of C, summed over the depth terms [p, p + depth),
   * written into those cells of `c` [m, n] or added to them (`accumulate`), or left on the GPU
   * when `c` is null. The kernel's output texture is [cols, rows] texels.
   */
  private block(a: GpujsOperand, b: GpujsOperand, m: number, k: number, n: number, transA: boolean, transB: boolean, at: Block, c: Float32Array | null, accumulate: boolean): Texture | null {
    const kernel = this.matmulKernelFor(a, b, c === null);
    kernel.setOutput([at.cols, at.rows]);
    const [aRow, aDepth] = transA ? [1, m] : [k, 1];
    const [bDepth, bCol] = transB ? [1, k] : [n, 1];
    const out = kernel(a, b, at.depth, at.i * aRow + at.p * aDepth, aRow, aDepth, at.j * bCol + at.p * bDepth, bDepth, bCol) as Texture | Float32Array[];
    this.checkNoFallback(kernel);
    if (c === null) return out as Texture;
    const rows = out as Float32Array[];
    if (rows.length !== at.rows || rows[0].length !== at.cols) {
      throw new Error(`gpujs backend (${this.name}): gpu.js returned ${rows.length}×${rows[0].length} values for a ${at.rows}×${at.cols} block`);
    }
    for (let r = 0; r < at.rows; r++) {
      const offset = (at.i + r) * n + at.j;
      if (accumulate) for (let s = 0; s < at.cols; s++) c[offset + s] += rows[r][s];
      else c.set(rows[r], offset);
    }
    return null;
  }

  /**
   * The blocks `matmul` splits a product into: row and column ranges of at most `maxOutputSide`
   * (a GL output texture is [N, M] texels, and past the GL limit gpu.js renders nothing, without
   * an error), depth ranges of at most MAX_DEPTH.
   */
  private blocks(m: number, k: number, n: number): Block[] {
    const side = this.maxOutputSide;
    const list: Block[] = [];
    for (let p = 0; p < k; p += MAX_DEPTH)
      for (let i = 0; i < m; i += side)
        for (let j = 0; j < n; j += side) list.push({ i, rows: Math.min(side, m - i), j, cols: Math.min(side, n - j), p, depth: Math.min(MAX_DEPTH, k - p) });
    return list;
  }

  matmul(aData: Data, bData: Data, cData: Data, m: number, k: number, n: number, transA = false, transB = false): void {
    const operands = float32Operands(aData, bData, cData, m, k, n, transA, transB);
    if (!operands) return;
    const { a, b, c } = operands;
    const out = c.subarray(0, m * n);
    const blocks = this.blocks(m, k, n);
    let aOperand: GpujsOperand = this.resident.get(a) ?? a.subarray(0, m * k);
    let bOperand: GpujsOperand = this.resident.get(b) ?? b.subarray(0, k * n);
    // several kernel calls read the same operands: upload each once
    const uploaded: Texture[] = [];
    if (blocks.length > 1 && this.isGl) {
      if (!isTexture(aOperand)) uploaded.push((aOperand = this.upload(aOperand)));
      if (!isTexture(bOperand)) uploaded.push((bOperand = this.upload(bOperand)));
    }
    try {
      for (const at of blocks) this.block(aOperand, bOperand, m, k, n, transA, transB, at, out, at.p > 0);
    } finally {
      for (const texture of uploaded) texture.delete();
    }
  }

  /**
   * Run `fn` with `operands` uploaded once (GL modes): every matmul inside whose operand is one of
   * these very arrays reads the texture instead of uploading the values again.
   */
  private withResident<T>(operands: Data[], fn: () => T): T {
    const added = this.isGl ? operands.filter((o): o is Float32Array => o instanceof Float32Array && !this.resident.has(o)) : [];
    for (const operand of added) this.resident.set(operand, this.upload(operand));
    try {
      return fn();
    } finally {
      for (const operand of added) {
        this.resident.get(operand)!.delete();
        this.resident.delete(operand);
      }
    }
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

  /** Uh is read by every one of the T step products: it is uploaded once for all of them. */
  lstmForward(x: Data, w: Data, u: Data, bias: Data, recurrentScale: Data | null, g: LstmShape, cache: LstmCache): void {
    this.withResident([u], () => this.lstm.lstmForward(x, w, u, bias, recurrentScale, g, cache));
  }

  lstmBackward(dy: Data, returnSequences: boolean, x: Data, w: Data, u: Data, recurrentScale: Data | null, g: LstmShape, cache: LstmCache, grads: LstmGrads): void {
    this.withResident([u], () => this.lstm.lstmBackward(dy, returnSequences, x, w, u, recurrentScale, g, cache, grads));
  }

  /** Comparisons only, no products: the reference loops on the host. */
  readonly maxPoolPairs = referenceBackend.maxPoolPairs;
  readonly maxPoolPairsBackward = referenceBackend.maxPoolPairsBackward;

  /** Release the gpu.js context and its kernels. */
  async dispose(): Promise<void> {
    await this.gpu.destroy();
  }
}

/** The part of a WebGL context `renderer` reads (lib.dom is not in this project's typings). */
interface WebGLLike {
  readonly RENDERER: number;
  getExtension(name: string): unknown;
  getParameter(name: number): unknown;
}

/** Whether a GL renderer name is a software rasteriser (Mesa llvmpipe or softpipe, SwiftShader): GL computed on the CPU. */
export function isSoftwareRenderer(renderer: string): boolean {
  return /llvmpipe|softpipe|swiftshader|software/i.test(renderer);
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
    'it needs an X display, e.g. `xvfb-run -a node ...`; README "Backends and the GPU" lists the packages it builds with)';
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

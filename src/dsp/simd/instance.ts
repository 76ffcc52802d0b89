/**
 * One WebAssembly instance of DSP kernels with its own growable memory (the DSP runs where the
 * autograd backend may not, in a browser worker for example, so it shares nothing with it). The
 * kernels read and write at byte addresses laid out by `wasm/layout.ts`.
 */
import { encodeModule, type FunctionBuilder } from '../../wasm/emitter.js';
import { MAX_PAGES, PAGE } from '../../wasm/layout.js';
import { webAssembly, type WasmMemory } from '../../wasm/wasm-api.js';

/** The instance's exports and memory. */
export class KernelInstance {
  constructor(
    private readonly memory: WasmMemory,
    readonly exports: Record<string, unknown>,
  ) {}

  /** The memory's buffer, at least `bytes` long (grown when needed; views made before may detach). */
  buffer(bytes: number): ArrayBuffer | SharedArrayBuffer {
    const have = this.memory.buffer.byteLength;
    if (bytes > MAX_PAGES * PAGE) throw new RangeError(`dsp kernels: ${bytes} bytes exceed a 32-bit WebAssembly memory`);
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
    return this.memory.buffer;
  }
}

/**
 * Compile `functions` into one module importing a fresh memory and instantiate it synchronously
 * (the modules are far below the 4 KiB browsers allow on their main thread); null where the engine
 * has no WebAssembly, refuses 128-bit SIMD, or forbids compiling.
 */
export function instantiateKernels(functions: FunctionBuilder[]): KernelInstance | null {
  const wasm = webAssembly();
  if (!wasm) return null;
  const bytes = encodeModule({ initialPages: 1, maximumPages: MAX_PAGES, shared: false }, functions);
  try {
    if (!wasm.validate(bytes)) return null;
    const memory = new wasm.Memory({ initial: 1, maximum: MAX_PAGES });
    return new KernelInstance(memory, new wasm.Instance(new wasm.Module(bytes), { env: { memory } }).exports);
  } catch {
    return null;
  }
}

/**
 * A getter that instantiates `functions()` on its first call and returns that instance (or null)
 * from then on: each kernel file's one module, built when first used.
 */
export function lazyKernels(functions: () => FunctionBuilder[]): () => KernelInstance | null {
  let instance: KernelInstance | null | undefined;
  return () => {
    if (instance === undefined) instance = instantiateKernels(functions());
    return instance;
  };
}

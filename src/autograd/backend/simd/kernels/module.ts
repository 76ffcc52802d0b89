/**
 * The SIMD backend's WebAssembly module: every kernel emitted for one micro-kernel shape (and the
 * Winograd kernels for one tile, when asked for), importing `env.memory` (shared or not), and the
 * probes for what this engine supports.
 */
import { encodeModule, FunctionBuilder, i32, v128 } from '../../../../wasm/emitter.js';
import { webAssembly } from '../../../../wasm/wasm-api.js';
import { emitBiasRelu, emitColSums, emitReluMask, type ElementwiseExports } from './elementwise.js';
import { emitGemm, emitPack, type GemmExports, type KernelShape } from './gemm.js';
import { emitLstmGates, emitLstmGatesBackward, type LstmGateExports } from './lstm-gates.js';
import { emitMaxPoolPairs, emitMaxPoolPairsBackward, type PoolExports } from './pool.js';
import { emitWinogradConv, emitWinogradFilterGrad, type WinogradExports } from './winograd.js';
import type { WinogradMatrices } from '../winograd-matrices.js';

/**
 * Exports of the kernel module (all addresses in bytes, strides in elements unless named ldc); the
 * Winograd kernels exist only in a module built with a tile.
 */
export type KernelExports = GemmExports & ElementwiseExports & LstmGateExports & PoolExports & Partial<WinogradExports>;

/**
 * The kernel module's bytes for one micro-kernel shape, importing `env.memory` (shared or not),
 * with the Winograd kernels of `winograd` when given.
 */
export function kernelModuleBytes(shape: KernelShape, memory: { shared: boolean; maximumPages: number }, winograd: WinogradMatrices | null = null): Uint8Array {
  if (shape.nr % 4 !== 0 || shape.mr < 1 || shape.unroll < 1) throw new Error(`kernel shape ${JSON.stringify(shape)}: nr must be a multiple of 4`);
  // function indices: packA 0 (called by gemm), packB 1, gemm 2, then the elementwise, LSTM and
  // pooling kernels, then the Winograd kernels (which call packB and gemm)
  const functions = [
    emitPack('packA', shape.mr), emitPack('packB', shape.nr), emitGemm(shape, 0), emitBiasRelu(), emitReluMask(), emitColSums(),
    emitLstmGates(), emitLstmGatesBackward(), emitMaxPoolPairs(), emitMaxPoolPairsBackward(),
  ];
  if (winograd) functions.push(emitWinogradConv(shape, winograd, { packB: 1, gemm: 2 }), emitWinogradFilterGrad(shape, winograd, { packB: 1, gemm: 2 }));
  return encodeModule({ initialPages: 1, maximumPages: memory.maximumPages, shared: memory.shared }, functions);
}

/** Whether this engine validates a module using 128-bit SIMD. */
export function simdSupported(): boolean {
  const f = new FunctionBuilder('probe', [i32]);
  f.get(f.params[0]).v128Load().get(f.params[0]).v128Load().f32x4Mul().get(f.params[0]).v128Load().f32x4Add().set(f.local(v128));
  return validate(f);
}

/**
 * Node's module, imported through a variable so that a bundler for the browser leaves the import
 * to run time (where the browser never reaches it).
 */
const NODE_V8 = 'node:v8';
/** The V8 flag that turns relaxed SIMD on in Node 20 (V8 11.3); Node >= 22 has it on by default. */
export const RELAXED_SIMD_FLAG = '--experimental-wasm-relaxed-simd';

/**
 * Whether f32x4.relaxed_madd validates here, after turning relaxed SIMD on where that is possible:
 * in a Node whose V8 still keeps it behind `RELAXED_SIMD_FLAG` (Node 20), the flag is set for this
 * process with `v8.setFlagsFromString` (it takes effect for modules validated and compiled
 * afterwards, so `node script.js` needs no command-line flag). A browser either has it or not.
 */
export async function enableRelaxedMadd(env: { process?: { versions?: { node?: string } } } = globalThis): Promise<boolean> {
  if (relaxedMaddSupported()) return true;
  if (env.process?.versions?.node === undefined) return false;
  const v8 = (await import(NODE_V8)) as typeof import('node:v8');
  v8.setFlagsFromString(RELAXED_SIMD_FLAG);
  return relaxedMaddSupported();
}

/** Whether this engine validates f32x4.relaxed_madd (the relaxed-SIMD proposal). */
export function relaxedMaddSupported(): boolean {
  const f = new FunctionBuilder('probe', [i32]);
  f.get(f.params[0]).v128Load().get(f.params[0]).v128Load().get(f.params[0]).v128Load().f32x4RelaxedMadd().set(f.local(v128));
  return validate(f);
}

function validate(f: FunctionBuilder): boolean {
  try {
    return webAssembly()?.validate(encodeModule({ initialPages: 1, maximumPages: 1, shared: false }, [f])) ?? false;
  } catch {
    return false;
  }
}

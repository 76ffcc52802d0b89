/**
 * The elementwise kernels around a convolution in the SIMD module: the forward's bias and relu
 * (`biasRelu`), the backward's relu mask (`reluMask`) and bias gradient (`colSums`).
 */
import { FunctionBuilder, i32, v128 } from '../../../../wasm/emitter.js';

/** The elementwise exports of the kernel module (addresses and sizes in bytes). */
export interface ElementwiseExports {
  /** x ← x + bias, then max(x, 0) when `relu` is 1; `rows` rows of `width` bytes at stride `ld` bytes. */
  biasRelu(x: number, rows: number, width: number, ld: number, bias: number, relu: number): void;
  /** dz ← y > 0 ? dz : 0 over `bytes` bytes (a multiple of 16). */
  reluMask(dz: number, y: number, bytes: number): void;
  /** out ← Σ over `rows` rows (stride `ld` bytes) of each row's first `width` bytes (a multiple of 16). */
  colSums(x: number, rows: number, width: number, ld: number, out: number): void;
}

/**
 * Emit `biasRelu`: for `rows` rows of `width` bytes (a multiple of 16) at stride `ld` bytes,
 * x ← x + bias (bias: `width` bytes), then x ← max(x, 0) when `relu` is non-zero. f32x4.max keeps
 * NaN, as the relu op does.
 */
export function emitBiasRelu(): FunctionBuilder {
  const f = new FunctionBuilder('biasRelu', [i32, i32, i32, i32, i32, i32]);
  const [x, rows, width, ld, bias, relu] = f.params;
  const r = f.local(i32);
  const j = f.local(i32);
  const row = f.local(i32);
  const zero = f.local(v128);
  f.v128Zero().set(zero);
  const pass = (withRelu: boolean) =>
    f.forRange(r, 0, rows, 1, () => {
      f.get(r).get(ld).mul().get(x).add().set(row);
      f.forRange(j, 0, width, 16, () => {
        f.get(row).get(j).add();
        f.get(row).get(j).add().v128Load().get(bias).get(j).add().v128Load().f32x4Add();
        if (withRelu) f.get(zero).f32x4Max();
        f.v128Store();
      });
    });
  f.get(relu).ifElse(
    () => pass(true),
    () => pass(false),
  );
  return f;
}

/** Emit `reluMask`: dz ← dz where y > 0, else 0, over `bytes` (a multiple of 16). */
export function emitReluMask(): FunctionBuilder {
  const f = new FunctionBuilder('reluMask', [i32, i32, i32]);
  const [dz, y, bytes] = f.params;
  const off = f.local(i32);
  const zero = f.local(v128);
  f.v128Zero().set(zero);
  f.forRange(off, 0, bytes, 16, () => {
    f.get(dz).get(off).add();
    f.get(dz).get(off).add().v128Load();
    f.get(y).get(off).add().v128Load().get(zero).f32x4Gt();
    f.v128And().v128Store();
  });
  return f;
}

/**
 * Emit `colSums`: out[j] = Σ_r x[r, j] for `rows` rows at stride `ld` bytes, `width` bytes (a
 * multiple of 16) per row; rows are added in order, so each sum rounds as a sequential float32 sum.
 */
export function emitColSums(): FunctionBuilder {
  const f = new FunctionBuilder('colSums', [i32, i32, i32, i32, i32]);
  const [x, rows, width, ld, out] = f.params;
  const r = f.local(i32);
  const j = f.local(i32);
  const row = f.local(i32);
  f.forRange(j, 0, width, 16, () => {
    f.get(out).get(j).add().v128Zero().v128Store();
  });
  f.forRange(r, 0, rows, 1, () => {
    f.get(r).get(ld).mul().get(x).add().set(row);
    f.forRange(j, 0, width, 16, () => {
      f.get(out).get(j).add();
      f.get(out).get(j).add().v128Load().get(row).get(j).add().v128Load().f32x4Add();
      f.v128Store();
    });
  });
  return f;
}

/**
 * Vectorised float32 exp, sigmoid and tanh for the SIMD module: emitter macros that write the
 * instructions into the kernel that calls them (the LSTM gates, `lstm-gates.ts`), on f32x4
 * locals. σ and tanh stay within 2e-7 relative of float64 over [-90, 90], where rounding the
 * exact value to float32 alone costs up to 6e-8 (checked by
 * test/autograd/backend/simd/kernels/activations.test.ts; the measured worst case is in
 * docs/performance.md).
 */
import type { FunctionBuilder, Local } from '../../../../wasm/emitter.js';

/**
 * Vectorised float32 exp, after Cephes `expf` (S. L. Moshier): x clamped to [-87, 88] (so 2ⁿ stays
 * a normal float; e⁻⁸⁷ ≈ 1.6e-38, e⁸⁸ ≈ 1.7e38), n = round(x·log₂e), r = x − n·ln2 with ln2 split
 * in two (C1 exact in 9 bits, C2 the rest) so r is exact, e^r by Cephes's degree-7 polynomial
 * 1 + r + r²·P(r) on |r| <= ln2/2, and 2ⁿ built in the exponent bits ((n + 127) << 23). Plain
 * f32x4 mul and add (no relaxed fused multiply-add), so results are the same on every engine.
 */
const EXP = {
  lo: -87,
  hi: 88,
  c1: 0.693359375,
  c2: -2.12194440e-4,
  poly: [1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1],
};

/** Cephes `tanhf` for |x| < 0.625: tanh x = x + x·x²·P(x²). */
const TANH_SMALL = 0.625;
const TANH_POLY = [-5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1];

/** Horner: leaves ((c0·x + c1)·x + …)·x + c_last on the stack. */
function emitPolynomial(f: FunctionBuilder, x: Local, coefficients: number[]): void {
  f.f32x4Const(coefficients[0]);
  for (const c of coefficients.slice(1)) f.get(x).f32x4Mul().f32x4Const(c).f32x4Add();
}

/** Scratch v128 locals the activation macros share. */
export interface ActivationTemps {
  t: Local;
  n: Local;
  e: Local;
}

/** out = exp(x) (see `EXP`); x and out may be the same local. */
function emitExp(f: FunctionBuilder, x: Local, out: Local, { t, n }: ActivationTemps): void {
  f.get(x).f32x4Const(EXP.hi).f32x4Min().f32x4Const(EXP.lo).f32x4Max().set(t);
  f.get(t).f32x4Const(Math.LOG2E).f32x4Mul().f32x4Nearest().set(n);
  // r = (t − n·C1) − n·C2, exact
  f.get(t).get(n).f32x4Const(EXP.c1).f32x4Mul().f32x4Sub().get(n).f32x4Const(EXP.c2).f32x4Mul().f32x4Sub().set(t);
  // e^r = P(r)·r² + r + 1
  emitPolynomial(f, t, EXP.poly);
  f.get(t).get(t).f32x4Mul().f32x4Mul().get(t).f32x4Add().f32x4Const(1).f32x4Add();
  // · 2ⁿ
  f.get(n).i32x4TruncSatF32x4S().i32x4Const(127).i32x4Add().i32(23).i32x4Shl();
  f.f32x4Mul().set(out);
}

/**
 * out = σ(x) = 1 / (1 + e^(−x)); σ(+∞) = 1, and under x = −88 it stays at e⁻⁸⁸ ≈ 6e-39 (below
 * float32's normal range), where σ itself is smaller still.
 */
export function emitSigmoid(f: FunctionBuilder, x: Local, out: Local, temps: ActivationTemps): void {
  f.get(x).f32x4Neg().set(temps.e);
  emitExp(f, temps.e, temps.e, temps);
  f.f32x4Const(1).f32x4Const(1).get(temps.e).f32x4Add().f32x4Div().set(out);
}

/**
 * out = tanh(x), Cephes `tanhf`: x + x³·P(x²) for |x| < 0.625, else sign(x)·(1 − 2/(e^(2|x|) + 1))
 * (both computed, one selected per lane; NaN stays NaN).
 */
export function emitTanh(f: FunctionBuilder, x: Local, out: Local, temps: ActivationTemps): void {
  const { e } = temps;
  f.get(x).f32x4Abs().get(x).f32x4Abs().f32x4Add().set(e);
  emitExp(f, e, e, temps);
  // large: (1 − 2/(e + 1)) with x's sign bit
  f.f32x4Const(1).f32x4Const(2).get(e).f32x4Const(1).f32x4Add().f32x4Div().f32x4Sub();
  f.get(x).f32x4Const(-0).v128And().v128Or().set(e);
  // small: x + x·z·P(z), z = x²
  f.get(x).get(x).f32x4Mul().set(temps.t);
  emitPolynomial(f, temps.t, TANH_POLY);
  f.get(temps.t).f32x4Mul().get(x).f32x4Mul().get(x).f32x4Add();
  f.get(e).get(x).f32x4Abs().f32x4Const(TANH_SMALL).f32x4Lt().v128Bitselect().set(out);
}

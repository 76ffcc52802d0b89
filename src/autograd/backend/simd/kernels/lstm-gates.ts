/**
 * One LSTM step's gates in the SIMD module, forward (`lstmGates`) and backward
 * (`lstmGatesBackward`), for `batch` rows and U units (a multiple of 4) at a time: the elementwise
 * part of the recurrence of ops/lstm.ts, whose equation numbers the comments cite. The products
 * around them (x̃·W, h̃·Uh, dz·Uhᵀ) are gemm calls by the host (`simd/lstm.ts`).
 */
import { FunctionBuilder, i32, v128, type Local } from '../../../../wasm/emitter.js';
import { LSTM_GRADIENT_FLOOR } from '../../lstm-gradient-floor.js';
import { emitSigmoid, emitTanh, type ActivationTemps } from './activations.js';


/** The LSTM exports of the kernel module (addresses and steps in bytes). */
export interface LstmGateExports {
  /**
   * One step's gates and state for `batch` rows. Row b of each operand is at its address +
   * b·(its step): z [4U] (x̃_t·W, overwritten by the activated gates), rec [4U] (h̃_{t−1}·Uh),
   * cPrev [U], and c, th = tanh(c), h [U] (written, one step sStep), hmNext [U] (written: h̃_t),
   * scale [U] (sh) at stride 4U bytes; bias [4U]. `units` U, a multiple of 4.
   */
  lstmGates(z: number, zStep: number, rec: number, recStep: number, bias: number, cPrev: number, cPrevStep: number, c: number, th: number, h: number, sStep: number, hmNext: number, hmStep: number, scale: number, batch: number, units: number): void;
  /**
   * One backward step for `batch` rows: gates [4U] are read and overwritten by dz; dy [U] (dy_t),
   * rec [U] (dz_{t+1}·Uhᵀ), cPrev [U], th [U] read; dc [U] (stride 4U bytes) read as δc and
   * overwritten by the next δc; scale [U] (sh) at stride 4U bytes.
   */
  lstmGatesBackward(gates: number, gStep: number, dy: number, dyStep: number, rec: number, recStep: number, scale: number, cPrev: number, cPrevStep: number, th: number, thStep: number, dc: number, batch: number, units: number): void;
}

/**
 * Emit `lstmGates`: for each row b and each group of 4 units j (U4 = 4·U bytes between gates),
 * the bias sum of (2) (z + rec + b), (3) stored over z, (4) into c, tanh(c_t) into th, (5) into h,
 * and the next step's h̃ of (1) into hmNext.
 */
export function emitLstmGates(): FunctionBuilder {
  const f = new FunctionBuilder('lstmGates', new Array<typeof i32>(16).fill(i32));
  const [z, zStep, rec, recStep, bias, cPrev, cPrevStep, c, th, h, sStep, hmNext, hmStep, scale, batch, units] = f.params;
  const b = f.local(i32);
  const j = f.local(i32);
  const u4 = f.local(i32);
  const zp = f.local(i32);
  const rp = f.local(i32);
  const bp = f.local(i32);
  const sp = f.local(i32);
  const gate = [f.local(v128), f.local(v128), f.local(v128), f.local(v128)];
  const cell = f.local(v128);
  const temps: ActivationTemps = { t: f.local(v128), n: f.local(v128), e: f.local(v128) };
  f.get(units).i32(2).shl().set(u4);
  f.forRange(b, 0, batch, 1, () => {
    f.forRange(j, 0, u4, 16, () => {
      f.get(b).get(zStep).mul().get(z).add().get(j).add().set(zp);
      f.get(b).get(recStep).mul().get(rec).add().get(j).add().set(rp);
      f.get(bias).get(j).add().set(bp);
      for (let q = 0; q < 4; q++) {
        // (2), (3): gate q, its row at q·U4
        f.get(zp).v128Load().get(rp).v128Load().f32x4Add().get(bp).v128Load().f32x4Add().set(gate[q]);
        if (q === 2) emitTanh(f, gate[q], gate[q], temps);
        else emitSigmoid(f, gate[q], gate[q], temps);
        f.get(zp).get(gate[q]).v128Store();
        if (q < 3) f.addTo(zp, zp, u4).addTo(rp, rp, u4).addTo(bp, bp, u4);
      }
      // (4)
      f.get(gate[1]).get(b).get(cPrevStep).mul().get(cPrev).add().get(j).add().v128Load().f32x4Mul();
      f.get(gate[0]).get(gate[2]).f32x4Mul().f32x4Add().set(cell);
      f.get(b).get(sStep).mul().get(j).add().set(sp);
      f.get(sp).get(c).add().get(cell).v128Store();
      emitTanh(f, cell, cell, temps);
      f.get(sp).get(th).add().get(cell).v128Store();
      // (5), then (1) for the next step
      f.get(gate[3]).get(cell).f32x4Mul().set(cell);
      f.get(sp).get(h).add().get(cell).v128Store();
      f.get(b).get(hmStep).mul().get(hmNext).add().get(j).add();
      f.get(cell).get(b).get(u4).mul().get(scale).add().get(j).add().v128Load().f32x4Mul().v128Store();
    });
  });
  return f;
}

/**
 * Emit `lstmGatesBackward`: for each row b and each group of 4 units, from the stored gates, (6)
 * (δh = rec ⊙ scale), (7) stored over the gates, and the δc of (8) over dc; the dc of (6), the
 * four dz and δc are zero where below `LSTM_GRADIENT_FLOOR` in magnitude.
 */
export function emitLstmGatesBackward(): FunctionBuilder {
  const f = new FunctionBuilder('lstmGatesBackward', new Array<typeof i32>(14).fill(i32));
  const [gates, gStep, dy, dyStep, rec, recStep, scale, cPrev, cPrevStep, th, thStep, dc, batch, units] = f.params;
  const b = f.local(i32);
  const j = f.local(i32);
  const u4 = f.local(i32);
  const gp = f.local(i32);
  const dcp = f.local(i32);
  const [gi, gf, gg, go] = [f.local(v128), f.local(v128), f.local(v128), f.local(v128)];
  const dh = f.local(v128);
  const tc = f.local(v128);
  const dcv = f.local(v128);
  const out = f.local(v128);
  const zero = f.local(v128);
  const one = () => f.f32x4Const(1);
  f.v128Zero().set(zero);
  /** Replace the value on the stack by 0 in the lanes where |value| < LSTM_GRADIENT_FLOOR (NaN kept). */
  const floor = (tmp: Local) => f.set(tmp).get(zero).get(tmp).get(tmp).f32x4Abs().f32x4Const(LSTM_GRADIENT_FLOOR).f32x4Lt().v128Bitselect();
  f.get(units).i32(2).shl().set(u4);
  f.forRange(b, 0, batch, 1, () => {
    f.forRange(j, 0, u4, 16, () => {
      f.get(b).get(gStep).mul().get(gates).add().get(j).add().set(gp);
      f.get(b).get(u4).mul().get(j).add().set(dcp);
      // (6): dh
      f.get(b).get(dyStep).mul().get(dy).add().get(j).add().v128Load();
      f.get(b).get(recStep).mul().get(rec).add().get(j).add().v128Load().get(dcp).get(scale).add().v128Load().f32x4Mul();
      f.f32x4Add().set(dh);
      [gi, gf, gg, go].forEach((l, q) => {
        f.get(gp).v128Load(0).set(l);
        if (q < 3) f.addTo(gp, gp, u4);
      });
      f.get(b).get(thStep).mul().get(th).add().get(j).add().v128Load().set(tc);
      // (6): dc
      f.get(dcp).get(dc).add().v128Load().get(dh).get(go).f32x4Mul();
      one();
      f.get(tc).get(tc).f32x4Mul().f32x4Sub().f32x4Mul().f32x4Add();
      floor(dcv).set(dcv);
      // (7): dz_o (gp is at the o row)
      f.get(gp).get(dh).get(tc).f32x4Mul().get(go).f32x4Mul();
      one();
      f.get(go).f32x4Sub().f32x4Mul();
      floor(out).v128Store();
      f.get(gp).get(u4).sub().set(gp);
      // (7): dz_c
      f.get(gp).get(dcv).get(gi).f32x4Mul();
      one();
      f.get(gg).get(gg).f32x4Mul().f32x4Sub().f32x4Mul();
      floor(out).v128Store();
      f.get(gp).get(u4).sub().set(gp);
      // (7): dz_f
      f.get(gp).get(dcv).get(b).get(cPrevStep).mul().get(cPrev).add().get(j).add().v128Load().f32x4Mul().get(gf).f32x4Mul();
      one();
      f.get(gf).f32x4Sub().f32x4Mul();
      floor(out).v128Store();
      f.get(gp).get(u4).sub().set(gp);
      // (7): dz_i
      f.get(gp).get(dcv).get(gg).f32x4Mul().get(gi).f32x4Mul();
      one();
      f.get(gi).f32x4Sub().f32x4Mul();
      floor(out).v128Store();
      // (8): δc
      f.get(dcp).get(dc).add().get(dcv).get(gf).f32x4Mul();
      floor(out).v128Store();
    });
  });
  return f;
}

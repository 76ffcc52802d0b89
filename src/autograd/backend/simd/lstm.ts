/**
 * The SIMD backend's host side of the LSTM recurrence (`Backend.lstmForward` / `lstmBackward`,
 * the equations of ops/lstm.ts), for float32 data with U a multiple of 4 (the gate rows are f32x4
 * vectors): one pass through the module per layer and direction, one copy in and one out. The
 * products over all B·T rows and the per-step recurrent products run through the blocked gemm,
 * each step's gates through `lstmGates` / `lstmGatesBackward` (`kernels/lstm-gates.ts`).
 */
import type { Data } from '../../tensor.js';
import type { LstmCache, LstmGrads, LstmShape } from '../backend.js';
import type { MatmulHost } from './matmul.js';
import { Layout } from './memory.js';

/**
 * Equations (1)–(5). x̃·W, the input projection of (2), is one gemm over all B·T rows (its C,
 * rows b·T + t, becomes the gates buffer); Uh is packed once; then each step t is the gemm
 * h̃_{t−1}·Uh (A read in place from the h̃ rows b·T + t, stride T·U) and `lstmGates`, which does
 * the rest of (2)–(5) and the next step's h̃_t of (1). Step 0 reads a zeroed recurrent product
 * and c_{−1} = 0; the last step's h̃ goes to a scratch row.
 */
export function simdLstmForward(host: MatmulHost, x: Data, w: Data, u: Data, bias: Data, recurrentScale: Data | null, g: LstmShape, cache: LstmCache): void {
  const { batch, steps, features, units } = g;
  const width = 4 * units;
  const rows = batch * steps;
  const mem = new Layout();
  const xSrc = mem.floats(rows * features);
  const wSrc = mem.floats(features * width);
  const uSrc = mem.floats(units * width);
  const biasAt = mem.floats(width);
  const scaleAt = mem.floats(batch * units);
  const zerosAt = mem.floats(batch * units);
  const scratchAt = mem.floats(batch * units);
  const projection = host.plan(mem, rows, features, width);
  const step = host.plan(mem, batch, units, width);
  const cellsAt = mem.floats(rows * units);
  const tanhAt = mem.floats(rows * units);
  const hiddenAt = mem.floats(rows * units);
  const maskedAt = mem.floats(rows * units);
  host.memory.ensure(mem.end);
  const f32 = host.memory.f32;
  const K = host.kernels;
  f32.set(x.subarray(0, rows * features), xSrc / 4);
  f32.set(w.subarray(0, features * width), wSrc / 4);
  f32.set(u.subarray(0, units * width), uSrc / 4);
  f32.set(bias.subarray(0, width), biasAt / 4);
  if (recurrentScale) f32.set(recurrentScale.subarray(0, batch * units), scaleAt / 4);
  else f32.fill(1, scaleAt / 4, scaleAt / 4 + batch * units);
  f32.fill(0, zerosAt / 4, zerosAt / 4 + batch * units);
  for (let b = 0; b < batch; b++) f32.fill(0, maskedAt / 4 + b * steps * units, maskedAt / 4 + (b * steps + 1) * units);
  f32.fill(0, step.c / 4, step.c / 4 + Math.ceil(batch / host.shape.mr) * host.shape.mr * (step.ldc / 4));

  K.packB(wSrc, projection.bp, width, features, projection.kPad, 1, width);
  host.gemm(projection, xSrc, features, 1);
  K.packB(uSrc, step.bp, width, units, step.kPad, 1, width);
  const rowBytes = 4 * units;
  const stateStep = steps * rowBytes;
  for (let t = 0; t < steps; t++) {
    if (t > 0) host.gemm(step, maskedAt + t * rowBytes, steps * units, 1);
    const first = t === 0;
    const last = t === steps - 1;
    K.lstmGates(
      projection.c + t * projection.ldc, steps * projection.ldc, step.c, step.ldc, biasAt,
      first ? zerosAt : cellsAt + (t - 1) * rowBytes, first ? rowBytes : stateStep,
      cellsAt + t * rowBytes, tanhAt + t * rowBytes, hiddenAt + t * rowBytes, stateStep,
      last ? scratchAt : maskedAt + (t + 1) * rowBytes, last ? rowBytes : stateStep,
      scaleAt, batch, units,
    );
  }
  host.memory.copyRows(projection.c, projection.ldc, 0, rows, width, cache.gates, 0);
  cache.cells.set(f32.subarray(cellsAt / 4, cellsAt / 4 + rows * units));
  cache.cellTanh.set(f32.subarray(tanhAt / 4, tanhAt / 4 + rows * units));
  cache.hidden.set(f32.subarray(hiddenAt / 4, hiddenAt / 4 + rows * units));
  cache.hMasked.set(f32.subarray(maskedAt / 4, maskedAt / 4 + rows * units));
}

/**
 * Equations (6)–(9). The gates are copied in and overwritten step by step with dz
 * (`lstmGatesBackward`: (6), (7) and the δc of (8), carried in place, each zero where below
 * `LSTM_GRADIENT_FLOOR`, so no product reads a subnormal); each step but the first
 * then runs the dz_t·Uhᵀ of δh (Uhᵀ packed once, A read in place from the dZ rows of step t).
 * Then (9): dZ is packed once as the B of both weight gradients (A read transposed in place), db
 * is `colSums` (rows in order, as the reference), and dx = dZ·Wᵀ.
 */
export function simdLstmBackward(host: MatmulHost, dy: Data, returnSequences: boolean, x: Data, w: Data, u: Data, recurrentScale: Data | null, g: LstmShape, cache: LstmCache, grads: LstmGrads): void {
  const { batch, steps, features, units } = g;
  const width = 4 * units;
  const rows = batch * steps;
  const dyRows = returnSequences ? rows : batch;
  const mem = new Layout();
  const dzAt = mem.floats(rows * width);
  const cellsAt = mem.floats(rows * units);
  const tanhAt = mem.floats(rows * units);
  const dyAt = mem.floats(dyRows * units);
  const uSrc = mem.floats(units * width);
  const scaleAt = mem.floats(batch * units);
  const zerosAt = mem.floats(batch * units);
  const dcAt = mem.floats(batch * units);
  const step = host.plan(mem, batch, width, units);
  const sumsAt = grads.dbias ? mem.floats(width) : 0;
  const weights = grads.dw || grads.du;
  const productW = weights ? host.plan(mem, features, rows, width) : null;
  const productU = weights ? host.plan(mem, units, rows, width, productW!.bp) : null;
  const xSrc = grads.dw ? mem.floats(rows * features) : 0;
  const maskedAt = grads.du ? mem.floats(rows * units) : 0;
  const productX = grads.dx ? host.plan(mem, rows, width, features) : null;
  const wSrc = grads.dx ? mem.floats(features * width) : 0;
  host.memory.ensure(mem.end);
  const f32 = host.memory.f32;
  const K = host.kernels;
  f32.set(cache.gates.subarray(0, rows * width), dzAt / 4);
  f32.set(cache.cells.subarray(0, rows * units), cellsAt / 4);
  f32.set(cache.cellTanh.subarray(0, rows * units), tanhAt / 4);
  f32.set(dy.subarray(0, dyRows * units), dyAt / 4);
  f32.set(u.subarray(0, units * width), uSrc / 4);
  if (recurrentScale) f32.set(recurrentScale.subarray(0, batch * units), scaleAt / 4);
  else f32.fill(1, scaleAt / 4, scaleAt / 4 + batch * units);
  f32.fill(0, zerosAt / 4, zerosAt / 4 + batch * units);
  f32.fill(0, dcAt / 4, dcAt / 4 + batch * units);
  f32.fill(0, step.c / 4, step.c / 4 + Math.ceil(batch / host.shape.mr) * host.shape.mr * (step.ldc / 4));

  K.packB(uSrc, step.bp, units, width, step.kPad, width, 1);
  const rowBytes = 4 * units;
  const stateStep = steps * rowBytes;
  const gateStep = steps * width * 4;
  for (let t = steps - 1; t >= 0; t--) {
    const [dyPtr, dyStep] = returnSequences ? [dyAt + t * rowBytes, stateStep] : t === steps - 1 ? [dyAt, rowBytes] : [zerosAt, 0];
    K.lstmGatesBackward(
      dzAt + t * width * 4, gateStep, dyPtr, dyStep, step.c, step.ldc, scaleAt,
      t > 0 ? cellsAt + (t - 1) * rowBytes : zerosAt, t > 0 ? stateStep : 0,
      tanhAt + t * rowBytes, stateStep, dcAt, batch, units,
    );
    if (t > 0) host.gemm(step, dzAt + t * width * 4, steps * width, 1);
  }

  if (grads.dbias) {
    K.colSums(dzAt, rows, width * 4, width * 4, sumsAt);
    grads.dbias.set(f32.subarray(sumsAt / 4, sumsAt / 4 + width));
  }
  if (productW && productU) {
    K.packB(dzAt, productW.bp, width, rows, productW.kPad, 1, width);
    if (grads.dw) {
      f32.set(x.subarray(0, rows * features), xSrc / 4);
      host.gemm(productW, xSrc, 1, features);
      host.memory.copyRows(productW.c, productW.ldc, 0, features, width, grads.dw, 0);
    }
    if (grads.du) {
      f32.set(cache.hMasked.subarray(0, rows * units), maskedAt / 4);
      host.gemm(productU, maskedAt, 1, units);
      host.memory.copyRows(productU.c, productU.ldc, 0, units, width, grads.du, 0);
    }
  }
  if (grads.dx && productX) {
    f32.set(w.subarray(0, features * width), wSrc / 4);
    K.packB(wSrc, productX.bp, features, width, productX.kPad, width, 1);
    host.gemm(productX, dzAt, width, 1);
    host.memory.copyRows(productX.c, productX.ldc, 0, rows, features, grads.dx, 0);
  }
}

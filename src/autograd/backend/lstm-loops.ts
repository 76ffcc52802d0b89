/**
 * The LSTM recurrence of ops/lstm.ts (`Backend.lstmForward` / `lstmBackward`) as plain loops
 * around a backend's matmul: the reference backend's kernel, and that of the backends whose only
 * kernel is a matmul (tiled, gpu.js). The input projection x̃·W and the weight gradients are
 * single products over all B·T rows; each step is one small product [B, U]·[U, 4U] (forward) or
 * [B, 4U]·[4U, U] (backward, Uh read transposed) plus elementwise loops over the gates. Comments
 * cite the equations of ops/lstm.ts by number.
 * Works for float32 and float64 alike (the arithmetic is float64, rounded on every store). In
 * float32, dz and δc below `LSTM_GRADIENT_FLOOR` become zeros, as in the SIMD gate kernel, so the
 * step products never read a float32 subnormal; in float64 nothing is flushed.
 */
import { stableSigmoid } from '../scalar.js';
import { allocateLike, type Data } from '../tensor.js';
import type { Backend, LstmCache, LstmGrads, LstmShape } from './backend.js';
import { LSTM_GRADIENT_FLOOR } from './lstm-gradient-floor.js';

type Matmul = Backend['matmul'];

export function lstmLoops(matmul: Matmul): Pick<Backend, 'lstmForward' | 'lstmBackward'> {
  function lstmForward(x: Data, w: Data, u: Data, bias: Data, recurrentScale: Data | null, g: LstmShape, cache: LstmCache): void {
    const { batch, steps, features, units } = g;
    const width = 4 * units;
    const { gates, cells, cellTanh, hidden, hMasked } = cache;
    // the input projection of (2) for every step at once, x̃·W [B·T, 4U], activated in place below
    matmul(x, w, gates, batch * steps, features, width);
    const hPrevMasked = allocateLike(x, batch * units);
    const recurrent = allocateLike(x, batch * width);
    for (let t = 0; t < steps; t++) {
      // (1): h̃_{t−1}
      for (let b = 0; b < batch; b++) {
        for (let j = 0; j < units; j++) {
          const h = t === 0 ? 0 : hidden[(b * steps + t - 1) * units + j];
          const hm = recurrentScale ? h * recurrentScale[b * units + j] : h;
          hPrevMasked[b * units + j] = hm;
          hMasked[(b * steps + t) * units + j] = hm;
        }
      }
      matmul(hPrevMasked, u, recurrent, batch, units, width);
      // (2)–(5)
      for (let b = 0; b < batch; b++) {
        const row = b * steps + t;
        const z = row * width;
        for (let j = 0; j < units; j++) {
          const i = stableSigmoid(gates[z + j] + recurrent[b * width + j] + bias[j]);
          const f = stableSigmoid(gates[z + units + j] + recurrent[b * width + units + j] + bias[units + j]);
          const gc = Math.tanh(gates[z + 2 * units + j] + recurrent[b * width + 2 * units + j] + bias[2 * units + j]);
          const o = stableSigmoid(gates[z + 3 * units + j] + recurrent[b * width + 3 * units + j] + bias[3 * units + j]);
          gates[z + j] = i;
          gates[z + units + j] = f;
          gates[z + 2 * units + j] = gc;
          gates[z + 3 * units + j] = o;
          const cPrev = t === 0 ? 0 : cells[(row - 1) * units + j];
          const c = f * cPrev + i * gc;
          cells[row * units + j] = c;
          const tc = Math.tanh(c);
          cellTanh[row * units + j] = tc;
          hidden[row * units + j] = o * tc;
        }
      }
    }
  }

  function lstmBackward(dy: Data, returnSequences: boolean, x: Data, w: Data, u: Data, recurrentScale: Data | null, g: LstmShape, cache: LstmCache, grads: LstmGrads): void {
    const { batch, steps, features, units } = g;
    const width = 4 * units;
    const rows = batch * steps;
    const { gates, cells, cellTanh, hMasked } = cache;
    const dZ = allocateLike(x, rows * width);
    const dh = allocateLike(x, batch * units); // δh of (8)
    const dc = allocateLike(x, batch * units); // δc of (8)
    const dzStep = allocateLike(x, batch * width);
    const dhMasked = allocateLike(x, batch * units);
    const floor = x instanceof Float32Array ? LSTM_GRADIENT_FLOOR : 0;
    /** v, or 0 where |v| is below the float32 floor (never, in float64; NaN is kept). */
    const flush = (v: number) => (Math.abs(v) < floor ? 0 : v);
    for (let t = steps - 1; t >= 0; t--) {
      // (6), (7) and δc of (8)
      for (let b = 0; b < batch; b++) {
        const row = b * steps + t;
        const z = row * width;
        for (let j = 0; j < units; j++) {
          const k = b * units + j;
          const dyt = returnSequences ? dy[row * units + j] : t === steps - 1 ? dy[k] : 0;
          const dhv = dh[k] + dyt;
          const i = gates[z + j];
          const f = gates[z + units + j];
          const gc = gates[z + 2 * units + j];
          const o = gates[z + 3 * units + j];
          const tc = cellTanh[row * units + j];
          const dcv = dc[k] + dhv * o * (1 - tc * tc);
          const cPrev = t === 0 ? 0 : cells[(row - 1) * units + j];
          const dzi = flush(dcv * gc * i * (1 - i));
          const dzf = flush(dcv * cPrev * f * (1 - f));
          const dzc = flush(dcv * i * (1 - gc * gc));
          const dzo = flush(dhv * tc * o * (1 - o));
          dZ[z + j] = dzi;
          dZ[z + units + j] = dzf;
          dZ[z + 2 * units + j] = dzc;
          dZ[z + 3 * units + j] = dzo;
          dzStep[b * width + j] = dzi;
          dzStep[b * width + units + j] = dzf;
          dzStep[b * width + 2 * units + j] = dzc;
          dzStep[b * width + 3 * units + j] = dzo;
          dc[k] = flush(dcv * f);
        }
      }
      // δh of (8)
      matmul(dzStep, u, dhMasked, batch, width, units, false, true);
      for (let k = 0; k < batch * units; k++) dh[k] = recurrentScale ? dhMasked[k] * recurrentScale[k] : dhMasked[k];
    }
    // (9), dx before the input mask
    if (grads.dw) matmul(x, dZ, grads.dw, features, rows, width, true, false);
    if (grads.du) matmul(hMasked, dZ, grads.du, units, rows, width, true, false);
    if (grads.dbias) {
      const dB = grads.dbias;
      dB.fill(0, 0, width);
      for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) dB[j] += dZ[r * width + j];
    }
    if (grads.dx) matmul(dZ, w, grads.dx, rows, width, features, false, true);
  }

  return { lstmForward, lstmBackward };
}

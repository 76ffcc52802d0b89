/**
 * lstmSequence: one LSTM layer over a whole sequence as one graph node, the recurrence of
 * `keras.layers.LSTM` (activation tanh, recurrent activation sigmoid), with a hand-written
 * backward (backpropagation through time). This file states the equations; the backend kernels
 * that compute them (`Backend.lstmForward` / `lstmBackward`: the plain loops of
 * backend/lstm-loops.ts, the SIMD module's backend/simd/lstm.ts and kernels/lstm-gates.ts) cite
 * them by number.
 *
 * Shapes: x [B, T, F], W [F, 4U], Uh [U, 4U], b [4U] → y [B, T, U] (returnSequences: every h_t)
 * or [B, U] (h_{T−1}). The 4U columns are the gates in Keras's order i, f, c, o: [0, U), [U, 2U),
 * [2U, 3U), [3U, 4U). Buffers over all steps are [B·T, ·] with row b·T + t for step t of
 * sequence b, so the input projection and the weight gradients are one product each.
 *
 * Dropout masks: sx [B, F] on the input and sh [B, U] on the recurrent state, 0/1 keep masks
 * already scaled by 1/(1 − rate) (omitted: no dropout). As Keras 3 (`DropoutRNNCell`,
 * keras/src/layers/rnn/dropout_rnn_cell.py), each is one mask per sequence, reused at every step
 * and shared by the four gates (Keras 2 and tfjs draw one per gate). The layer (nn/lstm.ts) draws
 * them.
 *
 * Forward, for t = 0 … T−1 from h_{−1} = c_{−1} = 0:
 *   (1) x̃_t = x_t ⊙ sx,  h̃_{t−1} = h_{t−1} ⊙ sh
 *   (2) z_t = x̃_t·W + h̃_{t−1}·Uh + b                      [B, 4U], split into z_i, z_f, z_c, z_o
 *   (3) i = σ(z_i),  f = σ(z_f),  g = tanh(z_c),  o = σ(z_o)
 *   (4) c_t = f ⊙ c_{t−1} + i ⊙ g
 *   (5) h_t = o ⊙ tanh(c_t)
 * Cached for backward: x̃ [B·T, F] and the backend's `LstmCache` (the activated gates [B·T, 4U];
 * c, tanh(c), h and h̃_{t−1} [B·T, U]).
 *
 * Backward, for t = T−1 … 0, with dy_t = dL/dh_t from y (0 for t < T−1 without returnSequences)
 * and δh, δc carried back from step t+1 (both 0 at t = T−1):
 *   (6) dh = dy_t + δh,  dc = δc + dh ⊙ o ⊙ (1 − tanh²(c_t))
 *   (7) dz_i = dc ⊙ g ⊙ i(1−i),  dz_f = dc ⊙ c_{t−1} ⊙ f(1−f),  dz_c = dc ⊙ i ⊙ (1−g²),
 *       dz_o = dh ⊙ tanh(c_t) ⊙ o(1−o)
 *   (8) δc ← dc ⊙ f,  δh ← (dz_t·Uhᵀ) ⊙ sh
 *   (9) with dZ [B·T, 4U] all steps' dz: dW = x̃ᵀ·dZ, dUh = h̃ᵀ·dZ, db = Σ_rows dZ, dx = (dZ·Wᵀ) ⊙ sx
 *
 * This op applies sx, (1) for x, and the ⊙ sx of (9); the backend does the rest. The composed
 * reference, the same recurrence built from the primitive ops with no backward of its own, is the
 * LSTM layer with `fused: false`; the two are tested against each other (test/nn/lstm.test.ts).
 * Why a fused op at all: composed, each step slices its input frame, whose backward costs a buffer
 * the size of the whole input, so a training step grows as T² (docs/performance.md).
 */
import { getBackend, type LstmCache, type LstmGrads, type LstmShape } from '../backend/backend.js';
import { checkDtypes, record } from '../engine.js';
import { formatShape } from '../shape.js';
import { allocateLike, type Data, type Tensor } from '../tensor.js';

export interface LstmSequenceOptions {
  /** Return every step's h_t [B, T, U] rather than the last one [B, U]. */
  returnSequences: boolean;
  /** sx, the input dropout mask already scaled by 1/(1 - rate), [B·F]; omitted = no dropout. */
  inputScale?: Data;
  /** sh, the recurrent dropout mask already scaled by 1/(1 - rate), [B·U]; omitted = no dropout. */
  recurrentScale?: Data;
}

/** rows [B·T, F] ⊙ sx in place, sx row b for every step of sequence b. */
function scaleRows(rows: Data, scale: Data, steps: number, features: number): void {
  for (let r = 0; r < rows.length / features; r++) {
    const s = Math.floor(r / steps) * features;
    for (let f = 0; f < features; f++) rows[r * features + f] *= scale[s + f];
  }
}

export function lstmSequence(x: Tensor, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor, options: LstmSequenceOptions): Tensor {
  const inputs = [x, kernel, recurrentKernel, bias];
  checkDtypes('lstmSequence', inputs);
  const [batch, steps, features] = x.shape;
  const units = recurrentKernel.shape[0];
  const width = 4 * units;
  if (x.rank !== 3 || kernel.shape[0] !== features || kernel.shape[1] !== width || recurrentKernel.shape[1] !== width || bias.size !== width) {
    throw new Error(
      `lstmSequence: expects x [B, T, F], W [F, 4U], Uh [U, 4U], b [4U], got x ${formatShape(x.shape)}, W ${formatShape(kernel.shape)}, ` +
        `Uh ${formatShape(recurrentKernel.shape)}, b ${formatShape(bias.shape)}`,
    );
  }
  const { returnSequences, inputScale, recurrentScale } = options;
  const backend = getBackend();
  const rows = batch * steps;
  const like = x.data;
  const g: LstmShape = { batch, steps, features, units };

  // (1) for the input: x̃ = x ⊙ sx
  let xMasked = x.data;
  if (inputScale) {
    xMasked = x.data.slice();
    scaleRows(xMasked, inputScale, steps, features);
  }
  const cache: LstmCache = {
    gates: allocateLike(like, rows * width),
    cells: allocateLike(like, rows * units),
    cellTanh: allocateLike(like, rows * units),
    hidden: allocateLike(like, rows * units),
    hMasked: allocateLike(like, rows * units),
  };
  const scale = recurrentScale ?? null;
  backend.lstmForward(xMasked, kernel.data, recurrentKernel.data, bias.data, scale, g, cache);

  const { hidden } = cache;
  let y: Data;
  if (returnSequences) y = hidden;
  else {
    y = allocateLike(like, batch * units);
    for (let b = 0; b < batch; b++) y.set(hidden.subarray((b * steps + steps - 1) * units, (b * steps + steps) * units), b * units);
  }
  const outShape = returnSequences ? [batch, steps, units] : [batch, units];

  return record('lstmSequence', y, outShape, inputs, (dy) => {
    const grads: LstmGrads = {
      dx: x.requiresGrad ? allocateLike(like, rows * features) : null,
      dw: kernel.requiresGrad ? allocateLike(like, features * width) : null,
      du: recurrentKernel.requiresGrad ? allocateLike(like, units * width) : null,
      dbias: bias.requiresGrad ? allocateLike(like, width) : null,
    };
    backend.lstmBackward(dy, returnSequences, xMasked, kernel.data, recurrentKernel.data, scale, g, cache, grads);
    // the ⊙ sx of (9)
    if (grads.dx && inputScale) scaleRows(grads.dx, inputScale, steps, features);
    return [grads.dx, grads.dw, grads.du, grads.dbias];
  });
}

/**
 * lstmSequence: a whole LSTM layer's forward pass over T steps as one graph node, with a
 * hand-written backward (backpropagation through time). The composed LSTM (`LSTM` with
 * fused: false) is its reference: both agree to rounding (test/nn/lstm.test.ts).
 *
 * Why fused: composed from ops, every per-step slice of the input costs a full-size gradient buffer
 * in backward, so a training step grows as T², and with a fast matmul ~90 % of the time went to the
 * small elementwise ops. Measured on paperLstm, batch 32, SIMD backend, one thread: composed 0.36 /
 * 2.0 / 8.9 s per training step at T = 64 / 256 / 512, fused 0.25 / 0.69 / 1.3 s.
 *
 * The recurrence itself is the backend's (`Backend.lstmForward` / `lstmBackward`): plain loops
 * around the backend's matmul on the reference and tiled backends (`lstm-loops.ts`), and on the
 * SIMD backend one pass through its WebAssembly module per layer and direction: x̃·W and the
 * weight gradients as single products over all B·T rows, Uh packed once, and each step one small
 * product plus the gates in one f32x4 pass (vectorised sigmoid and tanh, within 1.5e-7 relative).
 * That pass took paperLstm training (2 threads, 140 clips) from 0.88 to 0.39 s per epoch at
 * T = 128 and from 9.4 to 4.7 s at T = 1293 (peak RSS 832 MiB), measured back to back on the
 * 2-core machine with another job on it; there, with the plain loops, ~53 % of the time had gone
 * to the gate loops.
 *
 * Shapes: x [B, T, F], W [F, 4U], Uh [U, 4U], b [4U] → y [B, T, U] (returnSequences) or [B, U].
 * Gate order i, f, c, o (Keras). With x̃ = x ⊙ sx (sx [B, F], the input dropout mask already
 * scaled by 1/(1 - rate), reused at every step) and h̃ = h ⊙ sh (sh [B, U], recurrent dropout):
 *   z_t = x̃_t·W + h̃_{t-1}·Uh + b;  i, f, o = σ(z_i, z_f, z_o);  g = tanh(z_c)
 *   c_t = f ⊙ c_{t-1} + i ⊙ g;  h_t = o ⊙ tanh(c_t);  h_{-1} = c_{-1} = 0.
 * Cached for backward: x̃ [B·T, F] and the backend's `LstmCache` (h̃ [B·T, U], the activated gates
 * [B·T, 4U], c, tanh(c) and h [B·T, U]; rows ordered b·T + t, so the weight gradients are one
 * matmul each).
 * Backward, for t = T-1 … 0, with dh = dy_t + dh̃_{t+1} ⊙ sh carried back and dc carried back:
 *   do = dh ⊙ tanh(c_t);  dc += dh ⊙ o ⊙ (1 - tanh²(c_t))
 *   dz_i = dc ⊙ g ⊙ i(1-i);  dz_f = dc ⊙ c_{t-1} ⊙ f(1-f);  dz_c = dc ⊙ i ⊙ (1-g²);  dz_o = do ⊙ o(1-o)
 *   dc ← dc ⊙ f;  dh̃_t = dz_t·Uhᵀ
 * then dW = x̃ᵀ·dZ, dUh = h̃ᵀ·dZ, db = Σ_rows dZ, dx = (dZ·Wᵀ) ⊙ sx.
 */
import { allocateLike, formatShape, getBackend, record, type Data, type LstmCache, type LstmGrads, type LstmShape, type Tensor } from '../autograd/index.js';

export interface LstmSequenceOptions {
  returnSequences: boolean;
  /** Input dropout mask already scaled by 1/(1 - rate), [B·F]; omitted = no dropout. */
  inputScale?: Data;
  /** Recurrent dropout mask already scaled by 1/(1 - rate), [B·U]; omitted = no dropout. */
  recurrentScale?: Data;
}

export function lstmSequence(x: Tensor, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor, options: LstmSequenceOptions): Tensor {
  const inputs = [x, kernel, recurrentKernel, bias];
  if (inputs.some((t) => t.dtype !== x.dtype)) throw new Error(`lstmSequence: mixed dtypes ${inputs.map((t) => `${t.dtype}${formatShape(t.shape)}`).join(', ')}`);
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

  // x̃ = x ⊙ sx (the same mask row for every step of a sequence).
  let xMasked = x.data;
  if (inputScale) {
    xMasked = allocateLike(like);
    for (let r = 0; r < rows; r++) {
      const s = Math.floor(r / steps) * features;
      for (let f = 0; f < features; f++) xMasked[r * features + f] = x.data[r * features + f] * inputScale[s + f];
    }
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
    const dX = grads.dx;
    if (dX && inputScale) {
      for (let r = 0; r < rows; r++) {
        const s = Math.floor(r / steps) * features;
        for (let f = 0; f < features; f++) dX[r * features + f] *= inputScale[s + f];
      }
    }
    return [dX, grads.dw, grads.du, grads.dbias];
  });
}

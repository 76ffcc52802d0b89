/**
 * lstmSequence: a whole LSTM layer's forward pass over T steps as one graph node, with a
 * hand-written backward (backpropagation through time). The composed LSTM (`LSTM` with
 * fused: false) is its reference: both agree to rounding (test/nn/lstm.test.ts).
 *
 * Why fused: composed from ops, every per-step slice of the input costs a full-size gradient buffer
 * in backward, so a training step grows as T², and with a fast matmul ~90 % of the time went to the
 * small elementwise ops. Measured on paperLstm, batch 32, SIMD backend, one thread: composed 0.36 /
 * 2.0 / 8.9 s per training step at T = 64 / 256 / 512, fused 0.25 / 0.69 / 1.3 s. Here the input
 * projection and the weight gradients are single matmuls over all B·T rows, and each step is two
 * small matmuls plus plain loops.
 *
 * Shapes: x [B, T, F], W [F, 4U], Uh [U, 4U], b [4U] → y [B, T, U] (returnSequences) or [B, U].
 * Gate order i, f, c, o (Keras). With x̃ = x ⊙ sx (sx [B, F], the input dropout mask already
 * scaled by 1/(1 - rate), reused at every step) and h̃ = h ⊙ sh (sh [B, U], recurrent dropout):
 *   z_t = x̃_t·W + h̃_{t-1}·Uh + b;  i, f, o = σ(z_i, z_f, z_o);  g = tanh(z_c)
 *   c_t = f ⊙ c_{t-1} + i ⊙ g;  h_t = o ⊙ tanh(c_t);  h_{-1} = c_{-1} = 0.
 * Cached for backward: x̃ [B·T, F], h̃ [B·T, U], the activated gates [B·T, 4U], c and tanh(c) [B·T, U]
 * (rows ordered b·T + t, so the weight gradients are one matmul each).
 * Backward, for t = T-1 … 0, with dh = dy_t + dh̃_{t+1} ⊙ sh carried back and dc carried back:
 *   do = dh ⊙ tanh(c_t);  dc += dh ⊙ o ⊙ (1 - tanh²(c_t))
 *   dz_i = dc ⊙ g ⊙ i(1-i);  dz_f = dc ⊙ c_{t-1} ⊙ f(1-f);  dz_c = dc ⊙ i ⊙ (1-g²);  dz_o = do ⊙ o(1-o)
 *   dc ← dc ⊙ f;  dh̃_t = dz_t·Uhᵀ
 * then dW = x̃ᵀ·dZ, dUh = h̃ᵀ·dZ, db = Σ_rows dZ, dx = (dZ·Wᵀ) ⊙ sx.
 */
import { allocateLike, formatShape, getBackend, record, type Data, type Tensor } from '../autograd/index.js';

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

  // x̃ = x ⊙ sx (the same mask row for every step of a sequence).
  let xMasked = x.data;
  if (inputScale) {
    xMasked = allocateLike(like);
    for (let r = 0; r < rows; r++) {
      const s = Math.floor(r / steps) * features;
      for (let f = 0; f < features; f++) xMasked[r * features + f] = x.data[r * features + f] * inputScale[s + f];
    }
  }
  // Input projection of every step at once: XW [B·T, 4U].
  const projected = allocateLike(like, rows * width);
  backend.matmul(xMasked, kernel.data, projected, rows, features, width);

  const hMasked = allocateLike(like, rows * units); // h̃_{t-1}, row b·T + t
  const gates = allocateLike(like, rows * width); // i, f, g, o after their activations
  const cells = allocateLike(like, rows * units); // c_t
  const cellTanh = allocateLike(like, rows * units); // tanh(c_t)
  const hidden = allocateLike(like, rows * units); // h_t
  const hPrevMasked = allocateLike(like, batch * units);
  const recurrent = allocateLike(like, batch * width);
  const bd = bias.data;

  for (let t = 0; t < steps; t++) {
    for (let b = 0; b < batch; b++) {
      for (let u = 0; u < units; u++) {
        const h = t === 0 ? 0 : hidden[(b * steps + t - 1) * units + u];
        const hm = recurrentScale ? h * recurrentScale[b * units + u] : h;
        hPrevMasked[b * units + u] = hm;
        hMasked[(b * steps + t) * units + u] = hm;
      }
    }
    backend.matmul(hPrevMasked, recurrentKernel.data, recurrent, batch, units, width);
    for (let b = 0; b < batch; b++) {
      const row = b * steps + t;
      const z = row * width;
      for (let u = 0; u < units; u++) {
        const zi = projected[z + u] + recurrent[b * width + u] + bd[u];
        const zf = projected[z + units + u] + recurrent[b * width + units + u] + bd[units + u];
        const zc = projected[z + 2 * units + u] + recurrent[b * width + 2 * units + u] + bd[2 * units + u];
        const zo = projected[z + 3 * units + u] + recurrent[b * width + 3 * units + u] + bd[3 * units + u];
        const i = sigmoid(zi);
        const f = sigmoid(zf);
        const g = Math.tanh(zc);
        const o = sigmoid(zo);
        gates[z + u] = i;
        gates[z + units + u] = f;
        gates[z + 2 * units + u] = g;
        gates[z + 3 * units + u] = o;
        const cPrev = t === 0 ? 0 : cells[(row - 1) * units + u];
        const c = f * cPrev + i * g;
        cells[row * units + u] = c;
        const tc = Math.tanh(c);
        cellTanh[row * units + u] = tc;
        hidden[row * units + u] = o * tc;
      }
    }
  }

  let y: Data;
  if (returnSequences) y = hidden;
  else {
    y = allocateLike(like, batch * units);
    for (let b = 0; b < batch; b++) y.set(hidden.subarray((b * steps + steps - 1) * units, (b * steps + steps) * units), b * units);
  }
  const outShape = returnSequences ? [batch, steps, units] : [batch, units];

  return record('lstmSequence', y, outShape, inputs, (dy) => {
    const dZ = allocateLike(like, rows * width);
    const dh = allocateLike(like, batch * units); // dL/dh_t, carried back through h̃
    const dc = allocateLike(like, batch * units); // dL/dc_t, carried back through f
    const dzStep = allocateLike(like, batch * width);
    const dhMasked = allocateLike(like, batch * units);
    for (let t = steps - 1; t >= 0; t--) {
      for (let b = 0; b < batch; b++) {
        const row = b * steps + t;
        const z = row * width;
        for (let u = 0; u < units; u++) {
          const k = b * units + u;
          const dyt = returnSequences ? dy[row * units + u] : t === steps - 1 ? dy[k] : 0;
          const dhv = dh[k] + dyt;
          const i = gates[z + u];
          const f = gates[z + units + u];
          const g = gates[z + 2 * units + u];
          const o = gates[z + 3 * units + u];
          const tc = cellTanh[row * units + u];
          const dcv = dc[k] + dhv * o * (1 - tc * tc);
          const cPrev = t === 0 ? 0 : cells[(row - 1) * units + u];
          const dzi = dcv * g * i * (1 - i);
          const dzf = dcv * cPrev * f * (1 - f);
          const dzc = dcv * i * (1 - g * g);
          const dzo = dhv * tc * o * (1 - o);
          dZ[z + u] = dzi;
          dZ[z + units + u] = dzf;
          dZ[z + 2 * units + u] = dzc;
          dZ[z + 3 * units + u] = dzo;
          dzStep[b * width + u] = dzi;
          dzStep[b * width + units + u] = dzf;
          dzStep[b * width + 2 * units + u] = dzc;
          dzStep[b * width + 3 * units + u] = dzo;
          dc[k] = dcv * f;
        }
      }
      // dh̃_t = dz_t·Uhᵀ, then through the recurrent mask to dh_{t-1}.
      backend.matmul(dzStep, recurrentKernel.data, dhMasked, batch, width, units, false, true);
      for (let k = 0; k < batch * units; k++) dh[k] = recurrentScale ? dhMasked[k] * recurrentScale[k] : dhMasked[k];
    }

    let dX: Data | null = null;
    let dW: Data | null = null;
    let dUh: Data | null = null;
    let dB: Data | null = null;
    if (kernel.requiresGrad) {
      dW = allocateLike(like, features * width);
      backend.matmul(xMasked, dZ, dW, features, rows, width, true, false);
    }
    if (recurrentKernel.requiresGrad) {
      dUh = allocateLike(like, units * width);
      backend.matmul(hMasked, dZ, dUh, units, rows, width, true, false);
    }
    if (bias.requiresGrad) {
      dB = allocateLike(like, width);
      for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) dB[j] += dZ[r * width + j];
    }
    if (x.requiresGrad) {
      dX = allocateLike(like, rows * features);
      backend.matmul(dZ, kernel.data, dX, rows, width, features, false, true);
      if (inputScale) {
        for (let r = 0; r < rows; r++) {
          const s = Math.floor(r / steps) * features;
          for (let f = 0; f < features; f++) dX[r * features + f] *= inputScale[s + f];
        }
      }
    }
    return [dX, dW, dUh, dB];
  });
}

/** σ(v) without overflow for large |v| (as the autograd sigmoid op). */
function sigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/**
 * conv1d in Keras layout (cross-correlation, like `keras.layers.Conv1D`), with an optional bias
 * and relu fused in:
 *   x [B, T, Cin] · w [K, Cin, Cout] (+ bias [Cout]) → y [B, Tout, Cout],
 *   z[b, t, o] = Σ_k Σ_c xpad[b, t·stride + k, c] · w[k, c, o] + bias[o],  y = relu(z) or z.
 * 'valid': Tout = floor((T - K) / stride) + 1, no padding.
 * 'same' (TensorFlow's rule): Tout = ceil(T / stride), total padding
 *   max((Tout - 1)·stride + K - T, 0), of which floor(total / 2) goes before the signal.
 * Backward (dz = dy ⊙ [y > 0] with relu, else dy): dw[k, c, o] = Σ_{b,t} xpad[b, t·stride + k, c]·dz[b, t, o],
 * dbias = Σ_{b,t} dz, dx = the transposed convolution of dz. Cached: x, w and (relu) y.
 * Both directions are the backend's `conv1d` / `conv1dBackward` kernels.
 *
 * Why bias and relu are fused here rather than composed from `add` and `relu`: as separate
 * passes, forward and backward, they took a large share of a paperCnn training step, mostly in
 * fresh [B, T, C] buffers (docs/performance.md); fused, they run in the kernel's output pass and
 * its gradient staging and allocate nothing.
 */
import { getBackend, type Conv1dShape } from '../backend/backend.js';
import { checkDtypes, record } from '../engine.js';
import { formatShape } from '../shape.js';
import { allocateLike, type Tensor } from '../tensor.js';

export type Padding = 'valid' | 'same';

export interface Conv1dGeometry {
  outLength: number;
  padBefore: number;
}

/** Output length and left padding of a 1-D convolution or pooling window (TensorFlow's rules). */
export function convGeometry(length: number, kernelSize: number, stride: number, padding: Padding): Conv1dGeometry {
  if (padding === 'valid') return { outLength: Math.floor((length - kernelSize) / stride) + 1, padBefore: 0 };
  const outLength = Math.ceil(length / stride);
  const total = Math.max((outLength - 1) * stride + kernelSize - length, 0);
  return { outLength, padBefore: Math.floor(total / 2) };
}

export interface Conv1dOptions {
  stride?: number;
  padding?: Padding;
  /** Added to every output frame ([Cout]). */
  bias?: Tensor;
  /** 'relu' applies max(z, 0) to the biased output; default 'linear'. */
  activation?: 'linear' | 'relu';
}

export function conv1d(x: Tensor, w: Tensor, options: Conv1dOptions = {}): Tensor {
  const { stride = 1, padding = 'valid', bias, activation = 'linear' } = options;
  checkDtypes('conv1d', bias ? [x, w, bias] : [x, w]);
  if (x.rank !== 3 || w.rank !== 3 || w.shape[1] !== x.shape[2]) {
    throw new Error(`conv1d: expects x [B, T, Cin] and w [K, Cin, Cout] with matching Cin, got x ${formatShape(x.shape)}, w ${formatShape(w.shape)}`);
  }
  const [batch, length, channels] = x.shape;
  const [kernel, , filters] = w.shape;
  if (bias && (bias.rank !== 1 || bias.size !== filters)) throw new Error(`conv1d: bias must be [${filters}], got ${formatShape(bias.shape)}`);
  const { outLength, padBefore } = convGeometry(length, kernel, stride, padding);
  if (outLength < 1) {
    throw new Error(`conv1d: input length ${length} is shorter than kernel ${kernel} ('${padding}' padding), x ${formatShape(x.shape)}`);
  }
  const g: Conv1dShape = { batch, length, channels, kernel, filters, stride, padBefore, outLength };
  const relu = activation === 'relu';
  const backend = getBackend();
  const y = allocateLike(x.data, batch * outLength * filters);
  backend.conv1d(x.data, w.data, bias?.data ?? null, relu, y, g);

  const inputs = bias ? [x, w, bias] : [x, w];
  return record('conv1d', y, [batch, outLength, filters], inputs, (dy) => {
    const dx = x.requiresGrad ? allocateLike(x.data) : null;
    const dw = w.requiresGrad ? allocateLike(w.data) : null;
    const dbias = bias?.requiresGrad ? allocateLike(bias.data) : null;
    backend.conv1dBackward(x.data, w.data, relu ? y : null, dy, relu, g, { dx, dw, dbias });
    return bias ? [dx, dw, dbias] : [dx, dw];
  });
}

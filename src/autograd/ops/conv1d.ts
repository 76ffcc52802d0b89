/**
 * conv1d in Keras layout (cross-correlation, like `keras.layers.Conv1D` without bias):
 *   x [B, T, Cin] · w [K, Cin, Cout] → y [B, Tout, Cout],
 *   y[b, t, o] = Σ_k Σ_c xpad[b, t·stride + k, c] · w[k, c, o].
 * 'valid': Tout = floor((T - K) / stride) + 1, no padding.
 * 'same' (TensorFlow's rule): Tout = ceil(T / stride), total padding
 *   max((Tout - 1)·stride + K - T, 0), of which floor(total / 2) goes before the signal.
 * Computed as im2col (rows [B·Tout, K·Cin]) times w viewed as [K·Cin, Cout] on the backend.
 * Backward: dW = colsᵀ · dY; dCols = dY · Wᵀ, scattered back (col2im) into dx.
 */
import { getBackend } from '../backend/backend.js';
import { checkDtypes, record } from '../engine.js';
import { formatShape } from '../shape.js';
import { allocateLike, type Data, type Tensor } from '../tensor.js';

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

export function conv1d(x: Tensor, w: Tensor, options: { stride?: number; padding?: Padding } = {}): Tensor {
  const stride = options.stride ?? 1;
  const padding = options.padding ?? 'valid';
  checkDtypes('conv1d', [x, w]);
  if (x.rank !== 3 || w.rank !== 3 || w.shape[1] !== x.shape[2]) {
    throw new Error(`conv1d: expects x [B, T, Cin] and w [K, Cin, Cout] with matching Cin, got x ${formatShape(x.shape)}, w ${formatShape(w.shape)}`);
  }
  const [batch, length, cin] = x.shape;
  const [kernel, , cout] = w.shape;
  const { outLength, padBefore } = convGeometry(length, kernel, stride, padding);
  if (outLength < 1) {
    throw new Error(`conv1d: input length ${length} is shorter than kernel ${kernel} ('${padding}' padding), x ${formatShape(x.shape)}`);
  }
  const rows = batch * outLength;
  const patch = kernel * cin;

  // cols[b·Tout + t, k·Cin + c] = xpad[b, t·stride + k, c]; zeros where the window leaves the signal.
  const cols = allocateLike(x.data, rows * patch);
  forEachWindow(batch, length, cin, kernel, outLength, stride, padBefore, (col, src, n) => cols.set(x.data.subarray(src, src + n), col));
  const backend = getBackend();
  const y = allocateLike(x.data, rows * cout);
  backend.matmul(cols, w.data, y, rows, patch, cout);

  return record('conv1d', y, [batch, outLength, cout], [x, w], (dy) => {
    let dW: Data | null = null;
    let dX: Data | null = null;
    if (w.requiresGrad) {
      dW = allocateLike(w.data);
      backend.matmul(cols, dy, dW, patch, rows, cout, true, false);
    }
    if (x.requiresGrad) {
      const dCols = allocateLike(x.data, rows * patch);
      backend.matmul(dy, w.data, dCols, rows, cout, patch, false, true);
      const dx = allocateLike(x.data);
      forEachWindow(batch, length, cin, kernel, outLength, stride, padBefore, (col, src, n) => {
        for (let i = 0; i < n; i++) dx[src + i] += dCols[col + i];
      });
      dX = dx;
    }
    return [dX, dW];
  });
}

/**
 * Visit every (window position, kernel tap) whose input frame lies inside the signal:
 * `visit(colOffset, srcOffset, cin)` pairs the im2col row segment with the input frame it copies.
 */
function forEachWindow(
  batch: number,
  length: number,
  cin: number,
  kernel: number,
  outLength: number,
  stride: number,
  padBefore: number,
  visit: (colOffset: number, srcOffset: number, count: number) => void,
): void {
  const patch = kernel * cin;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < outLength; t++) {
      const rowOffset = (b * outLength + t) * patch;
      for (let k = 0; k < kernel; k++) {
        const frame = t * stride + k - padBefore;
        if (frame < 0 || frame >= length) continue;
        visit(rowOffset + k * cin, (b * length + frame) * cin, cin);
      }
    }
  }
}

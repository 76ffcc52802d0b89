/**
 * mask: y = x ⊙ keep · scale, for a constant 0/1 mask of x's shape — the primitive behind inverted
 * dropout (scale = 1/(1-rate), Keras `Dropout`) and the LSTM's input and recurrent dropout.
 * Backward: dx = dy ⊙ keep · scale.
 */
import { record } from '../engine.js';
import { formatShape } from '../shape.js';
import type { Data, Tensor } from '../tensor.js';
import { mapBinary } from './elementwise.js';

export function mask(x: Tensor, keep: Data, scale = 1): Tensor {
  if (keep.length !== x.size) {
    throw new Error(`mask: mask of ${keep.length} elements does not match input ${formatShape(x.shape)}`);
  }
  const y = mapBinary(x.data, keep, (v, k) => v * k * scale);
  return record('mask', y, x.shape, [x], (dy) => [mapBinary(dy, keep, (g, k) => g * k * scale)]);
}

/**
 * relu: y = max(x, 0), NaN staying NaN (as TensorFlow) so a bad input cannot hide behind a zero.
 * Backward: dx = dy where x > 0, else 0 (the subgradient 0 at x = 0, as Keras).
 */
import { record } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { mapBinary, mapUnary } from './elementwise.js';

export function relu(x: Tensor): Tensor {
  return record('relu', mapUnary(x.data, (v) => (v < 0 ? 0 : v)), x.shape, [x], (dy) => [mapBinary(dy, x.data, (g, v) => (v > 0 ? g : 0))]);
}

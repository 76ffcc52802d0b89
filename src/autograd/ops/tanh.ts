/** tanh: y = tanh x. Backward: dx = dy ⊙ (1 - y²). */
import { record } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { mapBinary, mapUnary } from './elementwise.js';

export function tanh(x: Tensor): Tensor {
  const y = mapUnary(x.data, Math.tanh);
  return record('tanh', y, x.shape, [x], (dy) => [mapBinary(dy, y, (g, v) => g * (1 - v * v))]);
}

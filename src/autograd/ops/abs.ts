/** abs: y = |x|. Backward: dx = dy ⊙ sign(x) (0 at x = 0), the gradient of an L1 penalty. */
import { record } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { mapBinary, mapUnary } from './elementwise.js';

export function abs(x: Tensor): Tensor {
  return record('abs', mapUnary(x.data, Math.abs), x.shape, [x], (dy) => [mapBinary(dy, x.data, (g, v) => g * Math.sign(v))]);
}

/** neg: y = -x. Backward: dx = -dy. */
import { record } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { mapUnary } from './elementwise.js';

export function neg(x: Tensor): Tensor {
  return record('neg', mapUnary(x.data, (v) => -v), x.shape, [x], (dy) => [mapUnary(dy, (g) => -g)]);
}

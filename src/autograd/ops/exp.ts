/** exp: y = eˣ. Backward: dx = dy ⊙ y. */
import { record } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { mapBinary, mapUnary } from './elementwise.js';

export function exp(x: Tensor): Tensor {
  const y = mapUnary(x.data, Math.exp);
  return record('exp', y, x.shape, [x], (dy) => [mapBinary(dy, y, (g, v) => g * v)]);
}

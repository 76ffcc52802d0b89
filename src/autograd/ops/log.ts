/** log: y = ln x (natural log; NaN for x < 0, -Infinity at 0). Backward: dx = dy / x. */
import { record } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { mapBinary, mapUnary } from './elementwise.js';

export function log(x: Tensor): Tensor {
  return record('log', mapUnary(x.data, Math.log), x.shape, [x], (dy) => [mapBinary(dy, x.data, (g, v) => g / v)]);
}

/** sub: y = a - b with numpy broadcasting. Backward: da = dy, db = -dy (the engine un-broadcasts). */
import { record } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { broadcastBinary, mapUnary, tensorOperands } from './elementwise.js';

export function sub(a: Tensor, b: Tensor | number): Tensor;
export function sub(a: number, b: Tensor): Tensor;
export function sub(a: Tensor | number, b: Tensor | number): Tensor {
  const [at, bt] = tensorOperands('sub', a, b);
  const { data, shape } = broadcastBinary('sub', at, bt, (u, v) => u - v);
  return record('sub', data, shape, [at, bt], (dy) => [dy, mapUnary(dy, (g) => -g)], { broadcast: true });
}

/** sub: y = a - b with numpy broadcasting. Backward: da = dy, db = -dy (the engine un-broadcasts). */
import { record } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { asTensor, broadcastBinary, mapUnary } from './elementwise.js';

export function sub(a: Tensor | number, b: Tensor | number): Tensor {
  const at = typeof a === 'number' ? asTensor(a, b as Tensor) : a;
  const bt = asTensor(b, at);
  const { data, shape } = broadcastBinary('sub', at, bt, (u, v) => u - v);
  return record('sub', data, shape, [at, bt], (dy) => [dy, mapUnary(dy, (g) => -g)], { broadcast: true });
}

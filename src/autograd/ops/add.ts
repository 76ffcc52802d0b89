/** add: y = a + b with numpy broadcasting. Backward: da = dy, db = dy (the engine un-broadcasts). */
import { record } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { asTensor, broadcastBinary } from './elementwise.js';

export function add(a: Tensor, b: Tensor | number): Tensor {
  const bt = asTensor(b, a);
  const { data, shape } = broadcastBinary('add', a, bt, (u, v) => u + v);
  return record('add', data, shape, [a, bt], (dy) => [dy, dy], { broadcast: true });
}

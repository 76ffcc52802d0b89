/** mul: y = a ⊙ b with numpy broadcasting. Backward: da = dy ⊙ b, db = dy ⊙ a (in y's shape). */
import { record } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { asTensor, broadcastBinary, expandTo, mapBinary } from './elementwise.js';

export function mul(a: Tensor, b: Tensor | number): Tensor {
  const bt = asTensor(b, a);
  const { data, shape } = broadcastBinary('mul', a, bt, (u, v) => u * v);
  return record(
    'mul',
    data,
    shape,
    [a, bt],
    (dy) => [
      a.requiresGrad ? mapBinary(dy, expandTo(bt.data, bt.shape, shape), (g, v) => g * v) : null,
      bt.requiresGrad ? mapBinary(dy, expandTo(a.data, a.shape, shape), (g, u) => g * u) : null,
    ],
    { broadcast: true },
  );
}

/** div: y = a / b with numpy broadcasting. Backward: da = dy / b, db = -dy · a / b² (in y's shape). */
import { record } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { broadcastBinary, expandTo, mapBinary, tensorOperands } from './elementwise.js';

export function div(a: Tensor, b: Tensor | number): Tensor;
export function div(a: number, b: Tensor): Tensor;
export function div(a: Tensor | number, b: Tensor | number): Tensor {
  const [at, bt] = tensorOperands('div', a, b);
  const { data, shape } = broadcastBinary('div', at, bt, (u, v) => u / v);
  return record(
    'div',
    data,
    shape,
    [at, bt],
    (dy) => {
      const bx = expandTo(bt.data, bt.shape, shape);
      const da = mapBinary(dy, bx, (g, v) => g / v);
      // db = -dy·a/b² = -da · y
      const db = bt.requiresGrad ? mapBinary(da, data, (g, y) => -g * y) : null;
      return [at.requiresGrad ? da : null, db];
    },
    { broadcast: true },
  );
}

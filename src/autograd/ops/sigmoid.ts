/**
 * sigmoid: y = 1 / (1 + e⁻ˣ), evaluated as eˣ / (1 + eˣ) for x < 0 so neither branch overflows.
 * Backward: dx = dy ⊙ y ⊙ (1 - y). (Keras `activations.sigmoid`, the LSTM's recurrent activation.)
 */
import { record } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { mapBinary, mapUnary } from './elementwise.js';

function stableSigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

export function sigmoid(x: Tensor): Tensor {
  const y = mapUnary(x.data, stableSigmoid);
  return record('sigmoid', y, x.shape, [x], (dy) => [mapBinary(dy, y, (g, v) => g * v * (1 - v))]);
}

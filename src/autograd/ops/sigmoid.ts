/**
 * sigmoid: y = σ(x) = 1 / (1 + e⁻ˣ), without overflow for large |x| (`stableSigmoid`).
 * Backward: dx = dy ⊙ y ⊙ (1 - y). (Keras `activations.sigmoid`, the LSTM's recurrent activation.)
 */
import { record } from '../engine.js';
import { stableSigmoid } from '../scalar.js';
import type { Tensor } from '../tensor.js';
import { mapBinary, mapUnary } from './elementwise.js';

export function sigmoid(x: Tensor): Tensor {
  const y = mapUnary(x.data, stableSigmoid);
  return record('sigmoid', y, x.shape, [x], (dy) => [mapBinary(dy, y, (g, v) => g * v * (1 - v))]);
}

/**
 * pow: y = xᵖ for a constant exponent p. Backward: dx = dy ⊙ p·xᵖ⁻¹.
 * sqrt is pow with p = ½ (its gradient ½x^-½ is infinite at 0, as it should be).
 */
import { record } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { mapBinary, mapUnary } from './elementwise.js';

export function pow(x: Tensor, p: number): Tensor {
  const y = p === 2 ? mapUnary(x.data, (v) => v * v) : mapUnary(x.data, (v) => Math.pow(v, p));
  return record(`pow(${p})`, y, x.shape, [x], (dy) => [mapBinary(dy, x.data, (g, v) => g * p * Math.pow(v, p - 1))]);
}

export function sqrt(x: Tensor): Tensor {
  return pow(x, 0.5);
}

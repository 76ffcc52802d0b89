/**
 * globalAvgPool1d (`keras.layers.GlobalAveragePooling1D`): x [B, T, C] → y [B, C],
 * y[b, c] = (1/T) Σ_t x[b, t, c]. Composed as mean over the time axis.
 */
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { mean } from './sum.js';

export function globalAvgPool1d(x: Tensor): Tensor {
  if (x.rank !== 3) throw new Error(`globalAvgPool1d: expects x [B, T, C], got ${formatShape(x.shape)}`);
  return mean(x, 1);
}

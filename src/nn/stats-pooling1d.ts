/**
 * StatsPooling1D: summary statistics of each channel over time, the clip-level descriptors that
 * classic genre classifiers (Tzanetakis & Cook 2002: means and variances of frame features) feed
 * to a shallow model. x [B, T, C] → y [B, 3C], the three blocks side by side:
 *   mean[b, c]  = (1/T) Σ_t x[b, t, c]
 *   std[b, c]   = √((1/T) Σ_t (x[b, t, c] − mean[b, c])² + ε)        (ε = 1e-6, population std)
 *   delta[b, c] = (1/(T−1)) Σ_{t<T−1} |x[b, t+1, c] − x[b, t, c]|       (mean absolute frame-to-frame change)
 * As numpy: np.concatenate([x.mean(1), np.sqrt(x.var(1) + ε), np.abs(np.diff(x, axis=1)).mean(1)], -1).
 * ε keeps std's gradient finite on a constant channel and moves std by at most ε/(2·std) (5e-4
 * relative at std = 1e-3). Keras has no such layer (a Lambda of the same ops). No parameters;
 * composed from autograd primitives, so the engine derives the backward. Needs T >= 2.
 */
import { abs, add, concat, mean, mul, slice, sqrt, sub, type Tensor } from '../autograd/index.js';
import { Layer, type CallOptions, type LayerConfig, type LayerOptions, type ShapeSpec } from './layer.js';

/** Added to the variance before the square root (see the file header). */
export const STATS_EPSILON = 1e-6;

export class StatsPooling1D extends Layer {
  readonly className = 'StatsPooling1D';

  constructor(options: LayerOptions = {}) {
    super('stats_pooling1d', options);
  }

  computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    const channels = inputShape[2];
    return [inputShape[0], channels === null ? null : 3 * channels];
  }

  protected checkInput(inputShape: ShapeSpec): void {
    this.checkRankAndChannels(inputShape, 3, '(batch, time, C)', false);
    const steps = inputShape[1];
    if (steps !== null && steps < 2) this.shapeError('with time >= 2 (the frame-to-frame change needs two frames)', inputShape);
  }

  protected call(x: Tensor, _options: CallOptions): Tensor {
    const steps = x.shape[1];
    const centered = sub(x, mean(x, 1, true));
    const std = sqrt(add(mean(mul(centered, centered), 1), STATS_EPSILON));
    const change = abs(sub(slice(x, 1, 1, steps), slice(x, 1, 0, steps - 1)));
    return concat([mean(x, 1), std, mean(change, 1)], 1);
  }

  getConfig(): LayerConfig {
    return this.configWith();
  }
}

/**
 * GlobalAveragePooling1D, `keras.layers.GlobalAveragePooling1D()`:
 *   y[b, c] = (1/T) Σ_t x[b, t, c],  x [B, T, C] → y [B, C]. No parameters.
 */
import { globalAvgPool1d, type Tensor } from '../autograd/index.js';
import { Layer, type CallOptions, type LayerConfig, type LayerOptions, type ShapeSpec } from './layer.js';

export class GlobalAveragePooling1D extends Layer {
  readonly className = 'GlobalAveragePooling1D';

  constructor(options: LayerOptions = {}) {
    super('global_average_pooling1d', options);
  }

  computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    return [inputShape[0], inputShape[2]];
  }

  protected checkInput(inputShape: ShapeSpec): void {
    this.checkRankAndChannels(inputShape, 3, '(batch, time, C)', false);
    if (inputShape[1] === 0) this.shapeError('with time >= 1', inputShape);
  }

  protected call(x: Tensor, _options: CallOptions): Tensor {
    return globalAvgPool1d(x);
  }

  getConfig(): LayerConfig {
    return this.configWith();
  }
}

/**
 * MaxPool1D, `keras.layers.MaxPooling1D(pool_size, strides, padding)`:
 *   y[b, t, c] = max_{k < poolSize} xpad[b, t·strides + k, c],  x [B, T, C] → y [B, Tout, C].
 * strides defaults to poolSize. 'valid': Tout = floor((T - poolSize) / strides) + 1; 'same':
 * Tout = ceil(T / strides), the signal padded with -∞ as TensorFlow does (the smaller half before),
 * so a padded frame never wins (the op skips those frames). Backward routes dy to the (first)
 * maximum. No parameters.
 */
import { convGeometry, maxPool1d, type Padding, type Tensor } from '../autograd/index.js';
import { Layer, checkPadding, positiveInteger, type CallOptions, type LayerConfig, type LayerOptions, type ShapeSpec } from './layer.js';

export interface MaxPool1DOptions extends LayerOptions {
  poolSize?: number;
  strides?: number;
  padding?: Padding;
}

export class MaxPool1D extends Layer {
  readonly className = 'MaxPool1D';
  readonly poolSize: number;
  readonly strides: number;
  readonly padding: Padding;

  constructor(options: MaxPool1DOptions = {}) {
    super('max_pooling1d', options);
    this.poolSize = positiveInteger('MaxPool1D', 'poolSize', options.poolSize ?? 2);
    this.strides = positiveInteger('MaxPool1D', 'strides', options.strides ?? this.poolSize);
    this.padding = checkPadding('MaxPool1D', options.padding ?? 'valid');
  }

  computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    const length = inputShape[1];
    const outLength = length === null ? null : convGeometry(length, this.poolSize, this.strides, this.padding).outLength;
    return [inputShape[0], outLength, inputShape[2]];
  }

  protected checkInput(inputShape: ShapeSpec): void {
    this.checkRankAndChannels(inputShape, 3, '(batch, time, C)', false);
    const length = inputShape[1];
    if (length !== null && (length < 1 || (this.padding === 'valid' && length < this.poolSize))) {
      this.shapeError(`with time >= ${this.padding === 'valid' ? this.poolSize : 1} (poolSize ${this.poolSize}, '${this.padding}' padding)`, inputShape);
    }
  }

  protected call(x: Tensor, _options: CallOptions): Tensor {
    return maxPool1d(x, this.poolSize, this.strides, this.padding);
  }

  getConfig(): LayerConfig {
    return this.configWith({ poolSize: this.poolSize, strides: this.strides, padding: this.padding });
  }
}

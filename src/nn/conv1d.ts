/**
 * Conv1D, `keras.layers.Conv1D(filters, kernel_size, strides, padding, activation,
 * kernel_regularizer)` in Keras's channels-last layout:
 *   y[b, t, o] = activation(Σ_k Σ_c xpad[b, t·strides + k, c] · W[k, c, o] + bias[o])
 *   x [B, T, C] → y [B, Tout, filters],  W [kernelSize, C, filters], bias [filters].
 * 'valid': Tout = floor((T - kernelSize) / strides) + 1; 'same': Tout = ceil(T / strides), with
 * TensorFlow's split of the zero padding (the smaller half before the signal).
 * Init: W glorot-uniform (fanIn = kernelSize·C, fanOut = kernelSize·filters), bias zeros.
 * Parameters: kernelSize·C·filters + filters.
 */
import { conv1d, convGeometry, type DType, type Padding, type Rng, type Tensor } from '../autograd/index.js';
import { activate, checkActivation, type Activation } from './activation.js';
import { glorotUniform, zeros } from './init.js';
import { Layer, regularizerConfig, type CallOptions, type LayerConfig, type LayerOptions, type Param, type RegularizerOption, type ShapeSpec } from './layer.js';

export interface Conv1DOptions extends LayerOptions {
  filters: number;
  kernelSize: number;
  strides?: number;
  padding?: Padding;
  activation?: Activation;
  kernelRegularizer?: RegularizerOption;
  biasRegularizer?: RegularizerOption;
}

export class Conv1D extends Layer {
  readonly className = 'Conv1D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: number;
  readonly padding: Padding;
  readonly activation: Activation;
  readonly kernelRegularizer: RegularizerOption;
  readonly biasRegularizer: RegularizerOption;

  constructor(options: Conv1DOptions) {
    super('conv1d', options);
    const { filters, kernelSize, strides = 1, padding = 'valid' } = options;
    for (const [key, v] of Object.entries({ filters, kernelSize, strides })) {
      if (!(Number.isInteger(v) && v > 0)) throw new Error(`Conv1D: ${key} must be a positive integer, got ${v}`);
    }
    if (padding !== 'valid' && padding !== 'same') throw new Error(`Conv1D: padding must be 'valid' or 'same', got '${padding}'`);
    this.filters = filters;
    this.kernelSize = kernelSize;
    this.strides = strides;
    this.padding = padding;
    this.activation = checkActivation('Conv1D', options.activation ?? 'linear');
    this.kernelRegularizer = options.kernelRegularizer ?? null;
    this.biasRegularizer = options.biasRegularizer ?? null;
  }

  get kernel(): Tensor {
    return this.params[0].value;
  }

  get bias(): Tensor {
    return this.params[1].value;
  }

  computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    const length = inputShape[1];
    const outLength = length === null ? null : convGeometry(length, this.kernelSize, this.strides, this.padding).outLength;
    return [inputShape[0], outLength, this.filters];
  }

  protected checkInput(inputShape: ShapeSpec): void {
    this.checkRankAndChannels(inputShape, 3, '(batch, time, C)', true);
    const length = inputShape[1];
    if (length !== null && (length < 1 || (this.padding === 'valid' && length < this.kernelSize))) {
      this.shapeError(`with time >= ${this.padding === 'valid' ? this.kernelSize : 1} (kernelSize ${this.kernelSize}, '${this.padding}' padding)`, inputShape);
    }
  }

  protected createParams(inputShape: ShapeSpec, dtype: DType, rng: () => Rng): Param[] {
    const channels = inputShape[2] as number;
    return [
      { name: 'kernel', value: glorotUniform([this.kernelSize, channels, this.filters], rng(), dtype), regularizer: this.kernelRegularizer ?? null },
      { name: 'bias', value: zeros([this.filters], dtype), regularizer: this.biasRegularizer ?? null },
    ];
  }

  /** Bias and a relu or linear activation run inside the conv1d op; other activations follow it. */
  protected call(x: Tensor, _options: CallOptions): Tensor {
    const relu = this.activation === 'relu';
    const y = conv1d(x, this.kernel, { stride: this.strides, padding: this.padding, bias: this.bias, activation: relu ? 'relu' : 'linear' });
    return relu ? y : activate(this.activation, y);
  }

  getConfig(): LayerConfig {
    return {
      className: this.className,
      config: {
        name: this.name,
        filters: this.filters,
        kernelSize: this.kernelSize,
        strides: this.strides,
        padding: this.padding,
        activation: this.activation,
        kernelRegularizer: regularizerConfig(this.kernelRegularizer),
        biasRegularizer: regularizerConfig(this.biasRegularizer),
      },
    };
  }
}

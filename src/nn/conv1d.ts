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
import { Layer, checkPadding, positiveInteger, regularizerConfig, type CallOptions, type LayerConfig, type LayerOptions, type RegularizerOption, type ShapeSpec } from './layer.js';

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
  /** W [kernelSize, C, filters] and bias [filters], created on build. */
  kernel!: Tensor;
  bias!: Tensor;

  constructor(options: Conv1DOptions) {
    super('conv1d', options);
    this.filters = positiveInteger('Conv1D', 'filters', options.filters);
    this.kernelSize = positiveInteger('Conv1D', 'kernelSize', options.kernelSize);
    this.strides = positiveInteger('Conv1D', 'strides', options.strides ?? 1);
    this.padding = checkPadding('Conv1D', options.padding ?? 'valid');
    this.activation = checkActivation('Conv1D', options.activation ?? 'linear');
    this.kernelRegularizer = options.kernelRegularizer ?? null;
    this.biasRegularizer = options.biasRegularizer ?? null;
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

  protected override createWeights(inputShape: ShapeSpec, dtype: DType, rng: () => Rng): void {
    const channels = inputShape[2] as number;
    this.kernel = this.addWeight('kernel', glorotUniform([this.kernelSize, channels, this.filters], rng(), dtype), this.kernelRegularizer);
    this.bias = this.addWeight('bias', zeros([this.filters], dtype), this.biasRegularizer);
  }

  /** Bias and a relu or linear activation run inside the conv1d op; other activations follow it. */
  protected call(x: Tensor, _options: CallOptions): Tensor {
    const relu = this.activation === 'relu';
    const y = conv1d(x, this.kernel, { stride: this.strides, padding: this.padding, bias: this.bias, activation: relu ? 'relu' : 'linear' });
    return relu ? y : activate(this.activation, y);
  }

  getConfig(): LayerConfig {
    return this.configWith({
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      activation: this.activation,
      kernelRegularizer: regularizerConfig(this.kernelRegularizer),
      biasRegularizer: regularizerConfig(this.biasRegularizer),
    });
  }
}

/**
 * Dense, `keras.layers.Dense(units, activation, kernel_regularizer)`:
 *   y = activation(x · W + b),  x [B, ..., F] → y [B, ..., units],  W [F, units], b [units].
 * The matmul acts on the last axis, so [B, T, F] inputs work per frame, as in Keras.
 * Init: W glorot-uniform, b zeros (Keras defaults). Parameters: F·units + units.
 */
import { add, matmul, type DType, type Rng, type Tensor } from '../autograd/index.js';
import { activate, checkActivation, type Activation } from './activation.js';
import { glorotUniform, zeros } from './init.js';
import { Layer, positiveInteger, regularizerConfig, type CallOptions, type LayerConfig, type LayerOptions, type RegularizerOption, type ShapeSpec } from './layer.js';

export interface DenseOptions extends LayerOptions {
  units: number;
  activation?: Activation;
  kernelRegularizer?: RegularizerOption;
  biasRegularizer?: RegularizerOption;
}

export class Dense extends Layer {
  readonly className = 'Dense';
  readonly units: number;
  readonly activation: Activation;
  readonly kernelRegularizer: RegularizerOption;
  readonly biasRegularizer: RegularizerOption;
  /** W [F, units] and b [units], created on build. */
  kernel!: Tensor;
  bias!: Tensor;

  constructor(options: DenseOptions) {
    super('dense', options);
    this.units = positiveInteger('Dense', 'units', options.units);
    this.activation = checkActivation('Dense', options.activation ?? 'linear');
    this.kernelRegularizer = options.kernelRegularizer ?? null;
    this.biasRegularizer = options.biasRegularizer ?? null;
  }

  computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    return [...inputShape.slice(0, -1), this.units];
  }

  protected checkInput(inputShape: ShapeSpec): void {
    const built = this.built ? this.inputShape[this.inputShape.length - 1] : null;
    const expected = `of rank >= 2 (batch, ..., ${built ?? 'features'})`;
    const last = inputShape[inputShape.length - 1];
    if (inputShape.length < 2 || last === null || last < 1 || (built !== null && last !== built)) this.shapeError(expected, inputShape);
  }

  protected override createWeights(inputShape: ShapeSpec, dtype: DType, rng: () => Rng): void {
    const features = inputShape[inputShape.length - 1] as number;
    this.kernel = this.addWeight('kernel', glorotUniform([features, this.units], rng(), dtype), this.kernelRegularizer);
    this.bias = this.addWeight('bias', zeros([this.units], dtype), this.biasRegularizer);
  }

  protected call(x: Tensor, _options: CallOptions): Tensor {
    return activate(this.activation, add(matmul(x, this.kernel), this.bias));
  }

  getConfig(): LayerConfig {
    return this.configWith({
      units: this.units,
      activation: this.activation,
      kernelRegularizer: regularizerConfig(this.kernelRegularizer),
      biasRegularizer: regularizerConfig(this.biasRegularizer),
    });
  }
}

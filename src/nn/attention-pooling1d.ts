/**
 * AttentionPooling1D: additive (feed-forward) attention pooling over time, the pooling of Raffel &
 * Ellis 2015 ("Feed-forward networks with attention can solve some long-term memory problems") with
 * Bahdanau's scoring function. It replaces a global average by a learned weighted average, so a
 * model can attend to the frames that tell genres apart.
 *
 * Shapes: x [B, T, C] → y [B, C]. Weights: kernel W [C, A], bias c [A], context v [A, 1].
 *   e[b, t] = tanh(x[b, t]·W + c) · v          (one score per frame)
 *   α[b, :] = softmax over t of e[b, :]
 *   y[b]    = Σ_t α[b, t] · x[b, t]
 * Composed from ops (matmul, add, tanh, reshape, softmax, batched matmul), so it has no backward of
 * its own. Keras has no built-in layer for it; the common equivalent is
 * `Dense(A, activation='tanh') → Dense(1, use_bias=False) → Softmax(axis=1)` followed by a dot of
 * the weights with the inputs over the time axis.
 * Init: W and v glorot-uniform, c zeros. Parameters: C·A + A + A.
 */
import { add, matmul, reshape, softmax, tanh, type DType, type Rng, type Tensor } from '../autograd/index.js';
import { glorotUniform, zeros } from './init.js';
import { Layer, positiveInteger, regularizerConfig, type CallOptions, type LayerConfig, type LayerOptions, type RegularizerOption, type ShapeSpec } from './layer.js';

export interface AttentionPooling1DOptions extends LayerOptions {
  /** Width A of the scoring layer. */
  units: number;
  kernelRegularizer?: RegularizerOption;
}

export class AttentionPooling1D extends Layer {
  readonly className = 'AttentionPooling1D';
  readonly units: number;
  readonly kernelRegularizer: RegularizerOption;
  /** W [C, A], c [A] and v [A, 1], created on build. */
  kernel!: Tensor;
  bias!: Tensor;
  context!: Tensor;

  constructor(options: AttentionPooling1DOptions) {
    super('attention_pooling1d', options);
    this.units = positiveInteger('AttentionPooling1D', 'units', options.units);
    this.kernelRegularizer = options.kernelRegularizer ?? null;
  }

  computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    return [inputShape[0], inputShape[2]];
  }

  protected checkInput(inputShape: ShapeSpec): void {
    this.checkRankAndChannels(inputShape, 3, '(batch, time, C)', true);
    if (inputShape[1] === 0) this.shapeError('with time >= 1', inputShape);
  }

  protected override createWeights(inputShape: ShapeSpec, dtype: DType, rng: () => Rng): void {
    const channels = inputShape[2] as number;
    this.kernel = this.addWeight('kernel', glorotUniform([channels, this.units], rng(), dtype), this.kernelRegularizer);
    this.bias = this.addWeight('bias', zeros([this.units], dtype));
    this.context = this.addWeight('context', glorotUniform([this.units, 1], rng(), dtype));
  }

  /** The attention weights α [B, T] for x [B, T, C] (each row sums to 1). */
  attentionWeights(x: Tensor): Tensor {
    const [batch, steps] = x.shape;
    const scores = matmul(tanh(add(matmul(x, this.kernel), this.bias)), this.context);
    return softmax(reshape(scores, [batch, steps]));
  }

  protected call(x: Tensor, _options: CallOptions): Tensor {
    const [batch, steps, channels] = x.shape;
    const alpha = reshape(this.attentionWeights(x), [batch, 1, steps]);
    return reshape(matmul(alpha, x), [batch, channels]);
  }

  getConfig(): LayerConfig {
    return this.configWith({ units: this.units, kernelRegularizer: regularizerConfig(this.kernelRegularizer) });
  }
}

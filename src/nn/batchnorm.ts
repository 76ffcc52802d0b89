/**
 * BatchNormalization, `keras.layers.BatchNormalization()` (Keras 3 defaults: axis -1, momentum 0.99,
 * epsilon 1e-3, center and scale on): normalises each channel (the last axis) over every other axis.
 *
 * Shapes: x [B, C] or [B, T, C] → y of the same shape. Trainable γ (gamma) [C] init 1, β (beta) [C]
 * init 0; non-trainable moving_mean [C] init 0, moving_variance [C] init 1 (`nonTrainableParams`).
 *   training:   μ = mean(x), σ² = mean((x − μ)²) over all axes but the last (biased variance)
 *               y = γ·(x − μ)/√(σ² + ε) + β
 *               moving_mean ← momentum·moving_mean + (1 − momentum)·μ
 *               moving_variance ← momentum·moving_variance + (1 − momentum)·σ²
 *   inference:  y = γ·(x − moving_mean)/√(moving_variance + ε) + β
 * Keras 3 (and tfjs-layers) update moving_variance with the biased batch variance, as here. The
 * forward is composed from ops, so the gradients (through μ and σ² in training) come from the
 * engine; the moving statistics are updated on the raw values, outside the graph.
 * Parameters (Keras's count): 4·C with the defaults, of which 2·C (γ, β) trainable.
 */
import { Tensor, add, mean, mul, pow, sub, type Data, type DType } from '../autograd/index.js';
import { ones, zeros } from './init.js';
import { Layer, type CallOptions, type LayerConfig, type LayerOptions, type ShapeSpec } from './layer.js';

export interface BatchNormalizationOptions extends LayerOptions {
  /** Weight of the old value in the moving statistics' update. Default 0.99. */
  momentum?: number;
  /** Added to the variance before the square root. Default 1e-3. */
  epsilon?: number;
  /** Add the learned offset β. Default true. */
  center?: boolean;
  /** Multiply by the learned scale γ. Default true. */
  scale?: boolean;
}

export class BatchNormalization extends Layer {
  readonly className = 'BatchNormalization';
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  /** γ and β [C] (null when `scale` / `center` is off) and the moving statistics [C], created on build. */
  gamma: Tensor | null = null;
  beta: Tensor | null = null;
  movingMean!: Tensor;
  movingVariance!: Tensor;

  constructor(options: BatchNormalizationOptions = {}) {
    super('batch_normalization', options);
    this.momentum = options.momentum ?? 0.99;
    this.epsilon = options.epsilon ?? 1e-3;
    this.center = options.center ?? true;
    this.scale = options.scale ?? true;
    if (!(this.momentum >= 0 && this.momentum <= 1)) throw new Error(`BatchNormalization: momentum must be in [0, 1], got ${this.momentum}`);
    if (!(this.epsilon > 0)) throw new Error(`BatchNormalization: epsilon must be positive, got ${this.epsilon}`);
  }

  computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    return inputShape;
  }

  /** Rank 2 or 3 with a known channel count; once built, the same rank and channel count (Keras's InputSpec). */
  protected checkInput(inputShape: ShapeSpec): void {
    const built = this.built ? this.inputShape : null;
    const channels = built?.[built.length - 1] ?? 'C';
    const expected = built === null ? 'of rank 2 (batch, C) or 3 (batch, time, C)' : `of rank ${built.length} ${built.length === 2 ? `(batch, ${channels})` : `(batch, time, ${channels})`}`;
    const last = inputShape[inputShape.length - 1];
    const rankOk = built === null ? inputShape.length === 2 || inputShape.length === 3 : inputShape.length === built.length;
    if (!rankOk || last === null || last < 1 || (built !== null && last !== channels)) this.shapeError(expected, inputShape);
  }

  protected override createWeights(inputShape: ShapeSpec, dtype: DType): void {
    const channels = [inputShape[inputShape.length - 1] as number];
    if (this.scale) this.gamma = this.addWeight('gamma', ones(channels, dtype));
    if (this.center) this.beta = this.addWeight('beta', zeros(channels, dtype));
    this.movingMean = this.addWeight('moving_mean', Tensor.zeros(channels, dtype), null, false);
    this.movingVariance = this.addWeight('moving_variance', Tensor.full(channels, 1, dtype), null, false);
  }

  protected call(x: Tensor, options: CallOptions): Tensor {
    if (!options.training) return this.normalize(sub(x, this.movingMean), this.movingVariance);
    const axes = x.shape.slice(0, -1).map((_, i) => i);
    const batchMean = mean(x, axes);
    const centred = sub(x, batchMean);
    const batchVariance = mean(pow(centred, 2), axes);
    this.updateMoving(this.movingMean.data, batchMean.data);
    this.updateMoving(this.movingVariance.data, batchVariance.data);
    return this.normalize(centred, batchVariance);
  }

  /** y = centred · (γ / √(variance + ε)) + β; the per-channel factor is formed first ([C], not [B, ..., C]). */
  private normalize(centred: Tensor, variance: Tensor): Tensor {
    const inverseStd = pow(add(variance, this.epsilon), -0.5);
    const gamma = this.gamma;
    const scaled = mul(centred, gamma === null ? inverseStd : mul(gamma, inverseStd));
    const beta = this.beta;
    return beta === null ? scaled : add(scaled, beta);
  }

  /** moving ← momentum·moving + (1 − momentum)·batch, in place (no graph). */
  private updateMoving(moving: Data, batch: Data): void {
    for (let c = 0; c < moving.length; c++) moving[c] = moving[c] * this.momentum + batch[c] * (1 - this.momentum);
  }

  getConfig(): LayerConfig {
    return this.configWith({ momentum: this.momentum, epsilon: this.epsilon, center: this.center, scale: this.scale });
  }
}

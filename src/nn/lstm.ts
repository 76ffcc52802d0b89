/**
 * LSTM, `keras.layers.LSTM(units, return_sequences, dropout, recurrent_dropout, *_regularizer)`
 * with Keras 3's defaults (tanh activation, sigmoid recurrent activation, unit_forget_bias).
 * The recurrence, its shapes, its gate order (Keras's i, f, c, o) and its dropout masks are
 * those of the `lstmSequence` op (src/autograd/ops/lstm.ts), where the equations are stated.
 *
 * Shapes: x [B, T, F] → y [B, T, U] (returnSequences) or [B, U] (the last step's h).
 * Weights: kernel W [F, 4U], recurrentKernel Uh [U, 4U], bias b [4U].
 * Init: W glorot-uniform, Uh orthogonal, b zeros except the forget slice b[U, 2U) = 1.
 * Parameters: 4U·(F + U + 1).
 *
 * Dropout (training only): the layer draws the op's masks, keep/(1 - dropout) on the inputs [B, F]
 * and keep/(1 - recurrentDropout) on the recurrent state [B, U], once per call, the input mask
 * before the recurrent one (`dropoutKeep` on the call's rng), unless the call passes fixed masks.
 *
 * Two implementations of the same function (`fused`, default true):
 * - fused: the `lstmSequence` op, one graph node with a hand-written backward; linear in T, and
 *   the one to train with;
 * - composed (fused: false): the recurrence built step by step from the primitive autograd ops,
 *   with no backward of its own, the reference the fused op is tested against. Each step slices
 *   its input frame, whose backward costs a buffer the size of the whole input, so a training
 *   step grows as T².
 */
import { Tensor, add, concat, lstmSequence, matmul, mask, mul, reshape, sigmoid, slice, tanh, type Data, type DType, type Rng } from '../autograd/index.js';
import { checkRate, dropoutKeep } from './dropout.js';
import { glorotUniform, orthogonal, zeros } from './init.js';
import { Layer, regularizerConfig, type CallOptions, type LayerConfig, type LayerOptions, type RegularizerOption, type ShapeSpec } from './layer.js';

export interface LSTMOptions extends LayerOptions {
  units: number;
  returnSequences?: boolean;
  dropout?: number;
  recurrentDropout?: number;
  kernelRegularizer?: RegularizerOption;
  recurrentRegularizer?: RegularizerOption;
  biasRegularizer?: RegularizerOption;
  /** Use the fused kernel (default true) or the composed reference. */
  fused?: boolean;
}

/** Fixed 0/1 keep masks (before the 1/(1-rate) scaling): input [B·F], recurrent [B·U]. */
export interface LSTMMasks {
  input?: Data;
  recurrent?: Data;
}

export interface LSTMCallOptions extends CallOptions {
  /** Used instead of drawing masks in training mode (tests). */
  masks?: LSTMMasks;
}

export class LSTM extends Layer<LSTMCallOptions> {
  readonly className = 'LSTM';
  readonly units: number;
  readonly returnSequences: boolean;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly kernelRegularizer: RegularizerOption;
  readonly recurrentRegularizer: RegularizerOption;
  readonly biasRegularizer: RegularizerOption;
  readonly fused: boolean;
  /** W [F, 4U], Uh [U, 4U] and b [4U], created on build. */
  kernel!: Tensor;
  recurrentKernel!: Tensor;
  bias!: Tensor;

  constructor(options: LSTMOptions) {
    super('lstm', options);
    if (!(Number.isInteger(options.units) && options.units > 0)) throw new Error(`LSTM: units must be a positive integer, got ${options.units}`);
    this.units = options.units;
    this.returnSequences = options.returnSequences ?? false;
    this.dropout = checkRate('LSTM', 'dropout', options.dropout ?? 0);
    this.recurrentDropout = checkRate('LSTM', 'recurrentDropout', options.recurrentDropout ?? 0);
    this.kernelRegularizer = options.kernelRegularizer ?? null;
    this.recurrentRegularizer = options.recurrentRegularizer ?? null;
    this.biasRegularizer = options.biasRegularizer ?? null;
    this.fused = options.fused ?? true;
  }

  computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    return this.returnSequences ? [inputShape[0], inputShape[1], this.units] : [inputShape[0], this.units];
  }

  protected checkInput(inputShape: ShapeSpec): void {
    this.checkRankAndChannels(inputShape, 3, '(batch, time, C)', true);
    if (inputShape[1] === 0) this.shapeError('with time >= 1', inputShape);
  }

  protected override createWeights(inputShape: ShapeSpec, dtype: DType, rng: () => Rng): void {
    const features = inputShape[2] as number;
    const u = this.units;
    this.kernel = this.addWeight('kernel', glorotUniform([features, 4 * u], rng(), dtype), this.kernelRegularizer);
    this.recurrentKernel = this.addWeight('recurrent_kernel', orthogonal([u, 4 * u], rng(), dtype), this.recurrentRegularizer);
    this.bias = this.addWeight('bias', zeros([4 * u], dtype), this.biasRegularizer);
    this.bias.data.fill(1, u, 2 * u);
  }

  protected call(x: Tensor, options: LSTMCallOptions): Tensor {
    const [batch, steps, features] = x.shape;
    const u = this.units;
    const training = options.training ?? false;
    const inputKeep = training && this.dropout > 0 ? this.keepMask('input', options, batch * features, this.dropout, x.dtype) : null;
    const recurrentKeep = training && this.recurrentDropout > 0 ? this.keepMask('recurrent', options, batch * u, this.recurrentDropout, x.dtype) : null;
    if (this.fused) {
      const scaled = (keep: Data, rate: number) => keep.map((k) => k / (1 - rate));
      return lstmSequence(x, this.kernel, this.recurrentKernel, this.bias, {
        returnSequences: this.returnSequences,
        ...(inputKeep ? { inputScale: scaled(inputKeep, this.dropout) } : {}),
        ...(recurrentKeep ? { recurrentScale: scaled(recurrentKeep, this.recurrentDropout) } : {}),
      });
    }

    // the composed reference: equations (1)-(5) of ops/lstm.ts, step by step
    let h = Tensor.zeros([batch, u], x.dtype);
    let c = Tensor.zeros([batch, u], x.dtype);
    const outputs: Tensor[] = [];
    for (let t = 0; t < steps; t++) {
      let xt = reshape(slice(x, 1, t, t + 1), [batch, features]);
      if (inputKeep) xt = mask(xt, inputKeep, 1 / (1 - this.dropout));
      const hPrev = recurrentKeep ? mask(h, recurrentKeep, 1 / (1 - this.recurrentDropout)) : h;
      const z = add(add(matmul(xt, this.kernel), matmul(hPrev, this.recurrentKernel)), this.bias);
      const i = sigmoid(slice(z, 1, 0, u));
      const f = sigmoid(slice(z, 1, u, 2 * u));
      const g = tanh(slice(z, 1, 2 * u, 3 * u));
      const o = sigmoid(slice(z, 1, 3 * u, 4 * u));
      c = add(mul(f, c), mul(i, g));
      h = mul(o, tanh(c));
      if (this.returnSequences) outputs.push(reshape(h, [batch, 1, u]));
    }
    return this.returnSequences ? concat(outputs, 1) : h;
  }

  /** The injected mask `which`, or one drawn now from the call's rng (input first, then recurrent). */
  private keepMask(which: keyof LSTMMasks, options: LSTMCallOptions, size: number, rate: number, dtype: DType): Data {
    const given = options.masks?.[which];
    if (given !== undefined) {
      if (given.length !== size) throw new Error(`${this.label}: ${which} mask has ${given.length} elements, expected ${size} (${which === 'input' ? 'batch·features' : 'batch·units'})`);
      return given;
    }
    if (options.rng === undefined) throw new Error(`${this.label}: training with ${which} dropout ${rate} needs an rng to draw the mask`);
    return dropoutKeep(options.rng, size, rate, dtype);
  }

  getConfig(): LayerConfig {
    return {
      className: this.className,
      config: {
        name: this.name,
        units: this.units,
        returnSequences: this.returnSequences,
        dropout: this.dropout,
        recurrentDropout: this.recurrentDropout,
        kernelRegularizer: regularizerConfig(this.kernelRegularizer),
        recurrentRegularizer: regularizerConfig(this.recurrentRegularizer),
        biasRegularizer: regularizerConfig(this.biasRegularizer),
        fused: this.fused,
      },
    };
  }
}

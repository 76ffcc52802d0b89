/**
 * LSTM, `keras.layers.LSTM(units, return_sequences, dropout, recurrent_dropout, *_regularizer)`
 * with Keras 3's defaults (tanh activation, sigmoid recurrent activation, unit_forget_bias).
 *
 * Shapes: x [B, T, F] → y [B, T, U] (returnSequences) or [B, U] (the last step's h).
 * Weights: kernel W [F, 4U], recurrentKernel Uh [U, 4U], bias b [4U], each split into the gates
 * in Keras's order i, f, c, o (columns [0, U), [U, 2U), [2U, 3U), [3U, 4U)). Per step, from
 * h_{-1} = c_{-1} = 0:
 *   z  = (x_t ⊙ m_x)·W + (h_{t-1} ⊙ m_h)·Uh + b
 *   i  = σ(z_i),  f = σ(z_f),  g = tanh(z_c),  o = σ(z_o)
 *   c_t = f ⊙ c_{t-1} + i ⊙ g,   h_t = o ⊙ tanh(c_t)
 * Init: W glorot-uniform, Uh orthogonal, b zeros except the forget slice b[U, 2U) = 1.
 * Parameters: 4U·(F + U + 1).
 *
 * Dropout (training only): m_x [B, F] = keep/(1 - dropout) on the inputs and m_h [B, U] =
 * keep/(1 - recurrentDropout) on the recurrent state. As in Keras 3 (`DropoutRNNCell`,
 * keras/src/layers/rnn/dropout_rnn_cell.py and lstm.py), each is ONE mask per sequence — drawn
 * once per call, reused at every timestep — and the same mask feeds all four gates (Keras 2 and
 * tfjs draw four masks, one per gate). The input mask is drawn before the recurrent one.
 *
 * Two implementations of the same function (`fused`, default true):
 * - fused: `lstmSequence`, the whole sequence as one graph node with a hand-written backward
 *   (BPTT); linear in T, and the one to train with;
 * - composed (fused: false): built from the autograd ops with no backward of its own, the reference
 *   the fused one is tested against. Each step slices its input frame, whose backward costs a
 *   buffer the size of the whole input, so a training step grows as T².
 */
import { Tensor, add, concat, matmul, mask, mul, reshape, sigmoid, slice, tanh, type Data, type DType, type Rng } from '../autograd/index.js';
import { checkRate, dropoutKeep } from './dropout.js';
import { glorotUniform, orthogonal, zeros } from './init.js';
import { lstmSequence } from './lstm-sequence.js';
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

/**
 * The layer base class: lazy building from the input shape, parameters with their regularisers,
 * and input checks that name the layer.
 *
 * Shapes follow Keras: a `ShapeSpec` includes the batch axis first and uses null for an unknown
 * size, e.g. (None, None, 40) for a batch of 40-feature sequences of any length. Tensors are
 * [batch, time, channels] (B, T, C).
 *
 * A layer is built once, from the first shape it sees (`build`, or `apply` on a tensor): it checks
 * that shape (rank, channel count, length) and creates its weights in the dtype of the layer option,
 * else of the input, drawing from the given `Rng`. Weights are trainable (`params`: the optimizer
 * and the regularisers see these) or non-trainable (`nonTrainableParams`: state the layer updates
 * itself, as BatchNormalization's moving statistics; Keras's `non_trainable_weights`). Later inputs
 * are checked against the built shape before any kernel runs, so a wrong rank or channel count fails
 * with the layer's name, the expected and the actual shape.
 */
import { formatShape, type DType, type Padding, type Rng, type Tensor } from '../autograd/index.js';
import type { Regularizer, RegularizerConfig } from './loss.js';

export type ShapeSpec = readonly (number | null)[];

/** A weight: `name` is Keras's (`kernel`, `recurrent_kernel`, `bias`, `moving_mean`). Non-trainable ones have no regulariser. */
export interface Param {
  readonly name: string;
  readonly value: Tensor;
  readonly regularizer: Regularizer | null;
}

export interface CallOptions {
  /**
   * Training mode: dropout is active, batch normalisation uses and records batch statistics.
   * Default false (inference), as Keras's `training=False`.
   */
  training?: boolean;
  /** Draws dropout masks in training mode; also initialises the weights if the call builds the layer. */
  rng?: Rng;
}

export interface BuildOptions {
  dtype?: DType;
  rng?: Rng;
}

/** The serialisable part of a layer: its class name and its constructor options. */
export interface LayerConfig {
  className: string;
  config: Record<string, unknown> & { name: string };
}

export interface LayerOptions {
  /** Unique within a model; defaults to the snake-case class name (made unique by `Sequential`). */
  name?: string;
  /** Weight dtype; defaults to the dtype of the first input (or of the model). */
  dtype?: DType;
}

/** Keras's shape notation: (None, 128, 40). */
export function formatSpec(shape: ShapeSpec): string {
  const dims = shape.map((d) => (d === null ? 'None' : String(d)));
  return `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`;
}

export abstract class Layer<Options extends CallOptions = CallOptions> {
  abstract readonly className: string;
  name: string;
  /** True when the name was given by the user (a `Sequential` keeps it rather than numbering it). */
  readonly hasExplicitName: boolean;
  readonly dtypeOption: DType | undefined;
  dtype: DType | null = null;
  params: Param[] = [];
  nonTrainableParams: Param[] = [];
  private builtInput: ShapeSpec | null = null;
  private builtOutput: ShapeSpec | null = null;

  constructor(defaultName: string, options: LayerOptions = {}) {
    this.name = options.name ?? defaultName;
    this.hasExplicitName = options.name !== undefined;
    this.dtypeOption = options.dtype;
  }

  get built(): boolean {
    return this.builtInput !== null;
  }

  get inputShape(): ShapeSpec {
    if (this.builtInput === null) throw new Error(`${this.label}: not built yet (call build or apply first)`);
    return this.builtInput;
  }

  get outputShape(): ShapeSpec {
    if (this.builtOutput === null) throw new Error(`${this.label}: not built yet (call build or apply first)`);
    return this.builtOutput;
  }

  /** "Dense 'dense_1'", the prefix of every error this layer throws. */
  get label(): string {
    return `${this.className} '${this.name}'`;
  }

  /**
   * Check `inputShape` (batch axis included) and create the weights; returns the output shape.
   * Building an already built layer only checks the shape.
   */
  build(inputShape: ShapeSpec, options: BuildOptions = {}): ShapeSpec {
    this.checkInput(inputShape);
    if (this.builtInput !== null) return this.computeOutputShape(inputShape);
    const dtype = this.dtypeOption ?? options.dtype ?? 'float32';
    this.dtype = dtype;
    this.createWeights(inputShape, dtype, () => {
      if (options.rng === undefined) {
        throw new Error(`${this.label}: creating weights needs an rng (pass { rng } to build or apply, or add the layer to a Sequential)`);
      }
      return options.rng;
    });
    this.builtInput = Object.freeze([...inputShape]);
    this.builtOutput = Object.freeze(this.computeOutputShape(inputShape));
    return this.builtOutput;
  }

  /** Forward pass: builds on first use, checks the input's shape and dtype, then runs `call`. */
  apply(x: Tensor, options: Options = {} as Options): Tensor {
    if (this.builtInput === null) this.build(x.shape, { dtype: x.dtype, rng: options.rng });
    else this.checkInput(x.shape);
    if (this.params.length > 0 && x.dtype !== this.dtype) {
      throw new Error(`${this.label}: input dtype ${x.dtype} ${formatShape(x.shape)} does not match the layer's ${this.dtype} weights`);
    }
    return this.call(x, options);
  }

  /** Every weight, as Keras's `layer.weights`: the trainable then the non-trainable ones. */
  get allParams(): Param[] {
    return [...this.params, ...this.nonTrainableParams];
  }

  /** Keras's `count_params()`: every weight, trainable and not. */
  countParams(): number {
    return this.allParams.reduce((n, p) => n + p.value.size, 0);
  }

  /** The regularisers' penalties on this layer's weights, one scalar each (empty when none). */
  regularizationTerms(): Tensor[] {
    return this.params.filter((p) => p.regularizer !== null).map((p) => p.regularizer!.penalty(p.value));
  }

  /** The output shape for an input shape (both with the batch axis). */
  abstract computeOutputShape(inputShape: ShapeSpec): ShapeSpec;

  /** The class name and the options that rebuild this layer (`layerFromConfig`). */
  abstract getConfig(): LayerConfig;

  /** Throw `this.shapeError(...)` unless `inputShape` (batch axis included) fits this layer. */
  protected abstract checkInput(inputShape: ShapeSpec): void;


  /**
   * Create the weights for a checked input shape, each with one `addWeight` call, drawing from
   * `rng()` in the order Keras does; layers without weights keep this default.
   */
  protected createWeights(_inputShape: ShapeSpec, _dtype: DType, _rng: () => Rng): void {}

  /**
   * Declare a weight: trainable ones go to `params` (the optimizer and the regularisers see them),
   * the others to `nonTrainableParams` (state the layer updates itself). Returns `value`.
   */
  protected addWeight(name: string, value: Tensor, regularizer: RegularizerOption = null, trainable = true): Tensor {
    (trainable ? this.params : this.nonTrainableParams).push({ name, value, regularizer: trainable ? (regularizer ?? null) : null });
    return value;
  }

  /** The `LayerConfig` of this layer: its class, name and `options` (the other constructor options, JSON-ready). */
  protected configWith(options: Record<string, unknown> = {}): LayerConfig {
    return { className: this.className, config: { name: this.name, ...options } };
  }

  /** The forward computation on a checked input. */
  protected abstract call(x: Tensor, options: Options): Tensor;

  protected shapeError(expected: string, actual: ShapeSpec): never {
    throw new Error(`${this.label}: expected input ${expected}, got ${formatSpec(actual)}`);
  }

  /**
   * The common check of [batch, ..., channels] layers: rank `rank`, and a last axis equal to the
   * built channel count (once built) or known (before, when the layer creates weights from it).
   */
  protected checkRankAndChannels(inputShape: ShapeSpec, rank: number, layout: string, needsChannels: boolean): void {
    const channels = this.builtInput?.[this.builtInput.length - 1] ?? null;
    const expected = `of rank ${rank} ${layout.replace('C', channels === null ? 'C' : String(channels))}`;
    if (inputShape.length !== rank) this.shapeError(expected, inputShape);
    const last = inputShape[rank - 1];
    if (channels !== null ? last !== channels : needsChannels && (last === null || last < 1)) this.shapeError(expected, inputShape);
  }
}

/** The regulariser option of a layer config: null, or { l1, l2 }. */
export type RegularizerOption = Regularizer | null | undefined;

export function regularizerConfig(r: RegularizerOption): RegularizerConfig | null {
  return r ? r.getConfig() : null;
}

/** Throws naming `owner` and `key` unless `value` is an integer >= 1; returns it. */
export function positiveInteger(owner: string, key: string, value: number): number {
  if (!(Number.isInteger(value) && value > 0)) throw new Error(`${owner}: ${key} must be a positive integer, got ${value}`);
  return value;
}

/** Throws naming `owner` unless `padding` is 'valid' or 'same'; returns it. */
export function checkPadding(owner: string, padding: Padding): Padding {
  if (padding !== 'valid' && padding !== 'same') throw new Error(`${owner}: padding must be 'valid' or 'same', got '${padding}'`);
  return padding;
}

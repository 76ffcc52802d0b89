/**
 * Sequential, `keras.Sequential`: layers applied in order, trained with softmax cross-entropy on
 * sparse labels plus the layers' weight penalties, by Adam.
 *
 * Shapes: x [N, ...sample] (e.g. [N, T, F]), labels [N] class indices, outputs [N, C].
 * Output: when the last layer is a softmax (`Dense(..., activation: 'softmax')`) the model outputs
 * probabilities and trains on `crossEntropyFromProbabilities`; otherwise it outputs logits and
 * trains on `softmaxCrossEntropy`. `predict` returns probabilities either way, so it equals Keras's
 * softmax output.
 *
 * Training loss per batch (Keras `compute_loss`): mean cross-entropy + Σ penalties (`loss`);
 * `fit` and `trainStep` train through the one epoch loop and step of `train.ts`.
 *
 * Repeatability: one `Rng` (the `seed` option) initialises the weights, shuffles each epoch and
 * draws the dropout masks. `exportState()` captures everything that carries over between epochs —
 * weights (non-trainable ones included), Adam's moments and step, the Rng state and the epoch
 * counter — and `importState()` (or `serialize.ts`, which stores the same) continues a run bit for
 * bit.
 */
import { Rng, Tensor, add, concat, formatShape, noGrad, softmax, type Data, type DType } from '../autograd/index.js';
import { Adam, type AdamConfig, type AdamState } from './optim/adam.js';
import { formatSpec, type CallOptions, type Layer, type LayerConfig, type Param, type ShapeSpec } from './layer.js';
import { countCorrect, crossEntropyFromProbabilities, softmaxCrossEntropy, type Labels } from './loss.js';
import { layerFromConfig } from './registry.js';
import { checkSamples, labelledSamples, range, takeRows, train, trainStep, type History, type StepResult, type TrainOptions } from './train.js';

export type ModelOutput = 'logits' | 'probabilities';

export interface SequentialOptions {
  name?: string;
  /** Per-sample input shape without the batch axis, as `keras.Input(shape=...)`; builds at once. */
  inputShape?: ShapeSpec;
  /** Seeds the model's Rng (initialisation, shuffling, dropout). Default 0. */
  seed?: number;
  /** Weight dtype of every layer (default float32; float64 for gradient checks). */
  dtype?: DType;
  optimizer?: Adam;
}

export interface SequentialConfig {
  name: string;
  inputShape: ShapeSpec | null;
  dtype: DType;
  layers: LayerConfig[];
}

export interface FitOptions extends Omit<TrainOptions, 'validate'> {
  validationData?: readonly [Tensor, Labels];
}

export interface EvaluateResult {
  loss: number;
  accuracy: number;
}

/** Everything a resumed run needs (see the file header). */
export interface TrainingState {
  epoch: number;
  rng: number[];
  /** `getWeights()`: every layer's trainable then non-trainable weights. */
  weights: Data[];
  optimizer: { config: AdamConfig; state: AdamState };
}

export class Sequential {
  readonly name: string;
  readonly dtype: DType;
  readonly layers: Layer[] = [];
  rng: Rng;
  optimizer: Adam;
  /** Completed epochs. */
  epoch = 0;
  private inputSpec: ShapeSpec | null = null;

  constructor(layers: Layer[] = [], options: SequentialOptions = {}) {
    this.name = options.name ?? 'sequential';
    this.dtype = options.dtype ?? 'float32';
    this.rng = new Rng(options.seed ?? 0);
    this.optimizer = options.optimizer ?? new Adam();
    for (const layer of layers) this.add(layer);
    if (options.inputShape !== undefined) this.build(options.inputShape);
  }

  /** Append a layer, naming it like Keras (dense, dense_1, ...) unless it has a name of its own. */
  add(layer: Layer): this {
    const taken = new Set(this.layers.map((l) => l.name));
    if (layer.hasExplicitName) {
      if (taken.has(layer.name)) throw new Error(`Sequential '${this.name}': a layer named '${layer.name}' already exists`);
    } else {
      const base = layer.name;
      let n = 0;
      while (taken.has(layer.name)) layer.name = `${base}_${++n}`;
    }
    this.layers.push(layer);
    if (this.inputSpec !== null) this.build(this.inputSpec);
    return this;
  }

  get built(): boolean {
    return this.inputSpec !== null && this.layers.every((l) => l.built);
  }

  /**
   * Build every layer for per-sample inputs of `inputShape` (no batch axis, null for any length),
   * checking each layer's input before creating its weights.
   */
  build(inputShape: ShapeSpec): void {
    if (this.layers.length === 0) throw new Error(`Sequential '${this.name}': add layers before building`);
    let shape: ShapeSpec = [null, ...inputShape];
    for (const layer of this.layers) shape = layer.build(shape, { dtype: this.dtype, rng: this.rng });
    this.inputSpec = [...inputShape];
  }

  get inputShape(): ShapeSpec {
    return [null, ...this.requireBuilt().inputSpec!];
  }

  get outputShape(): ShapeSpec {
    return this.requireBuilt().layers[this.layers.length - 1].outputShape;
  }

  /** 'probabilities' when the last layer is a softmax, else 'logits'. */
  get output(): ModelOutput {
    const last = this.layers[this.layers.length - 1] as Layer & { activation?: string };
    return last?.activation === 'softmax' ? 'probabilities' : 'logits';
  }

  /** The trainable weights in layer order (within a layer: Keras's order, e.g. kernel, recurrent_kernel, bias). */
  get params(): Param[] {
    return this.layers.flatMap((l) => l.params);
  }

  /** The trainable weights' values: what the optimizer updates (Adam's moments align with these). */
  get weights(): Tensor[] {
    return this.params.map((p) => p.value);
  }

  /** The non-trainable weights in layer order (BatchNormalization's moving_mean, moving_variance). */
  get nonTrainableParams(): Param[] {
    return this.layers.flatMap((l) => l.nonTrainableParams);
  }

  /** Every weight, as Keras's `model.weights`: per layer, the trainable then the non-trainable ones. */
  get allParams(): Param[] {
    return this.layers.flatMap((l) => l.allParams);
  }

  /** Keras's `count_params()`: every weight, trainable and not. */
  countParams(): number {
    return this.requireBuilt().layers.reduce((n, l) => n + l.countParams(), 0);
  }

  /** Keras's model summary: one row per layer with its output shape and parameter count. */
  summary(): string {
    this.requireBuilt();
    const names = this.layers.map((l) => `${l.name} (${l.className})`);
    const widths = [Math.max(30, ...names.map((n) => n.length + 2)), 24, 12];
    const line = (ch: string) => ch.repeat(widths[0] + widths[1] + widths[2] + 1);
    const row = (a: string, b: string, c: string) => ` ${a.padEnd(widths[0])}${b.padEnd(widths[1])}${c.padStart(widths[2])}`;
    const rows = [`Model: "${this.name}"`, line('_'), row('Layer (type)', 'Output Shape', 'Param #'), line('=')];
    this.layers.forEach((l, i) => {
      rows.push(row(names[i], formatSpec(l.outputShape), l.countParams().toLocaleString('en-US')));
      rows.push(line(i === this.layers.length - 1 ? '=' : '_'));
    });
    const count = (params: Param[]) => params.reduce((n, p) => n + p.value.size, 0);
    const counted = (label: string, n: number) => `${label}: ${n.toLocaleString('en-US')} (${readableSize(n * (this.dtype === 'float64' ? 8 : 4))})`;
    rows.push(counted('Total params', this.countParams()));
    rows.push(counted('Trainable params', count(this.params)));
    rows.push(counted('Non-trainable params', count(this.nonTrainableParams)));
    return rows.join('\n');
  }

  /** The forward pass: [B, ...sample] → [B, C] (builds the model from x's shape on first use). */
  call(x: Tensor, options: CallOptions = {}): Tensor {
    if (!this.built) this.build(x.shape.slice(1));
    if (x.dtype !== this.dtype) throw new Error(`Sequential '${this.name}': input ${x.dtype} ${formatShape(x.shape)} does not match the model's dtype ${this.dtype}`);
    let y = x;
    for (const layer of this.layers) y = layer.apply(y, { rng: this.rng, ...options });
    return y;
  }

  /** Mean cross-entropy of the model's outputs against `labels` (from logits or probabilities). */
  dataLoss(outputs: Tensor, labels: Labels): Tensor {
    return this.output === 'logits' ? softmaxCrossEntropy(outputs, labels) : crossEntropyFromProbabilities(outputs, labels);
  }

  /** Σ of every layer's weight penalties (a scalar), or null when no layer has a regulariser. */
  regularizationLoss(): Tensor | null {
    const terms = this.layers.flatMap((l) => l.regularizationTerms());
    return terms.length === 0 ? null : terms.reduce((a, b) => add(a, b));
  }

  /** Training loss of a batch: dataLoss + regularizationLoss, with the graph recorded for backward. */
  loss(x: Tensor, labels: Labels, options: CallOptions = {}): { loss: Tensor; outputs: Tensor } {
    const outputs = this.call(x, options);
    const penalty = this.regularizationLoss();
    const data = this.dataLoss(outputs, labels);
    return { loss: penalty === null ? data : add(data, penalty), outputs };
  }

  /** One optimisation step on a batch, Keras's `train_on_batch` (`train.ts`: the loss, the non-finite guard, Adam). */
  trainStep(x: Tensor, labels: Labels, options: { rng?: Rng } = {}): StepResult {
    return trainStep(this, { x, labels }, options.rng ?? this.rng);
  }

  /** Keras's `fit`: mini-batch training over epochs [initialEpoch, epochs) (`train.ts`), with optional validation. */
  fit(x: Tensor, labels: Labels, options: FitOptions): History {
    checkSamples(`Sequential '${this.name}'.fit`, x, labels);
    const { validationData, ...rest } = options;
    const batchSize = options.batchSize ?? 32;
    const samples = labelledSamples(x, labels, this.dtype);
    const validate = validationData && ((model: Sequential) => model.evaluate(validationData[0], validationData[1], { batchSize }));
    return train(this, () => samples, { ...rest, validate });
  }

  /** Keras's `evaluate`: loss (cross-entropy + penalties) and accuracy in inference mode. */
  evaluate(x: Tensor, labels: Labels, options: { batchSize?: number } = {}): EvaluateResult {
    const count = checkSamples(`Sequential '${this.name}'.evaluate`, x, labels);
    const batchSize = options.batchSize ?? 32;
    return noGrad(() => {
      let lossSum = 0;
      let correct = 0;
      for (let start = 0; start < count; start += batchSize) {
        const rows = range(start, Math.min(start + batchSize, count));
        const batchLabels = rows.map((r) => labels[r]);
        const { loss, outputs } = this.loss(takeRows(x, rows, this.dtype), batchLabels, { training: false });
        lossSum += loss.item() * rows.length;
        correct += countCorrect(outputs, batchLabels);
      }
      return { loss: lossSum / count, accuracy: correct / count };
    });
  }

  /** Keras's `predict`: class probabilities [N, C] in inference mode, computed in batches. */
  predict(x: Tensor, options: { batchSize?: number } = {}): Tensor {
    const batchSize = options.batchSize ?? 32;
    const count = x.shape[0];
    return noGrad(() => {
      const parts: Tensor[] = [];
      for (let start = 0; start < count; start += batchSize) {
        const y = this.call(takeRows(x, range(start, Math.min(start + batchSize, count)), this.dtype), { training: false });
        parts.push(this.output === 'logits' ? softmax(y) : y);
      }
      return parts.length === 1 ? parts[0] : concat(parts, 0);
    });
  }

  /** Copies of every weight's values, non-trainable ones included, in `allParams` order (Keras's `get_weights`). */
  getWeights(): Data[] {
    return this.allParams.map((p) => p.value.data.slice());
  }

  /** Overwrite every weight's values (same order, sizes and dtypes as `getWeights`). */
  setWeights(values: readonly Data[]): void {
    const params = this.requireBuilt().allParams;
    if (values.length !== params.length) throw new Error(`Sequential '${this.name}'.setWeights: got ${values.length} arrays for ${params.length} weights`);
    params.forEach(({ name, value: w }, k) => {
      if (values[k].length !== w.size) throw new Error(`Sequential '${this.name}'.setWeights: weight ${k} ${name} ${formatShape(w.shape)} has ${w.size} values, got ${values[k].length}`);
      w.data.set(values[k]);
    });
  }

  exportState(): TrainingState {
    return {
      epoch: this.epoch,
      rng: this.rng.state(),
      weights: this.getWeights(),
      optimizer: { config: { ...this.optimizer.config }, state: this.optimizer.state() },
    };
  }

  /** Restore `exportState()`: weights, a fresh Adam with the saved config and moments, the Rng, the epoch. */
  importState(state: TrainingState): void {
    this.setWeights(state.weights);
    const optimizer = new Adam(state.optimizer.config);
    optimizer.loadState(state.optimizer.state);
    this.optimizer = optimizer;
    this.rng = Rng.fromState(state.rng);
    this.epoch = state.epoch;
  }

  getConfig(): SequentialConfig {
    return { name: this.name, inputShape: this.inputSpec, dtype: this.dtype, layers: this.layers.map((l) => l.getConfig()) };
  }

  /** A new model with the architecture of `config` (weights freshly initialised from `seed`). */
  static fromConfig(config: SequentialConfig, options: { seed?: number } = {}): Sequential {
    return new Sequential(config.layers.map(layerFromConfig), {
      name: config.name,
      dtype: config.dtype,
      seed: options.seed,
      ...(config.inputShape === null ? {} : { inputShape: config.inputShape }),
    });
  }

  private requireBuilt(): this {
    if (!this.built) throw new Error(`Sequential '${this.name}': not built yet (pass inputShape, call build, or run it on data first)`);
    return this;
  }
}

/** Keras's `readable_memory_size`: 419.79 KB (base 1024). */
function readableSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(2)} ${units[unit]}`;
}

/**
 * Training: the one optimisation step and the one epoch loop, used by `Sequential.fit` and by every
 * protocol of src/gtzan (whole clips, segments, mixup).
 *
 * A step on a batch x [B, ...] (Keras's `train_step`):
 *   outputs = model(x), training mode (dropout masks from `rng`, batch statistics recorded)
 *   loss    = data loss + Σ the layers' weight penalties (Keras `compute_loss`); the data loss is
 *             the model's cross-entropy on the batch's labels, or with soft targets ỹ [B, C]
 *             −(1/B) Σ_b Σ_k ỹ[b, k]·logSoftmax(z_b)[k] on the logits z
 *   backward(loss);  N = √(Σ over all weights of Σ g²), the global gradient norm
 *   if loss or N is NaN or ±∞: restore the non-trainable weights the forward pass moved (moving
 *             statistics) and throw `NonFiniteLossError`, the trainable weights and Adam untouched
 *   optimizer.step(weights, N)
 * A NaN input can hide from the loss (relu maps it to 0) yet poison the gradients, hence both checks.
 *
 * The epoch loop, for epochs [initialEpoch, epochs): take the epoch's data from the source (which
 * may draw from `rng`: segments, augmentation), shuffle the sample order with `rng`, run a step per
 * batch (a batch may draw from `rng` too: mixup), then validate. The epoch's loss is the batch
 * losses' mean weighted by batch size, accuracy correct / seen (argmax, first on ties). Every draw
 * comes from one `Rng` in a fixed order, so a run repeats bit for bit, and the model's state after
 * an epoch (`exportState`) is all that the next epoch starts from.
 */
import { Tensor, add, allocate, backward, formatShape, type DType, type Rng } from '../autograd/index.js';
import { countCorrect, softTargetCrossEntropy, type Labels } from './loss.js';
import { globalGradientNorm } from './optim/adam.js';
import type { EvaluateResult, Sequential } from './sequential.js';

/** What one step trains on. */
export interface Batch {
  /** Inputs [B, ...sample]. */
  x: Tensor;
  /** Class index per sample [B]: what accuracy counts (with soft targets: the label of the larger share). */
  labels: Labels;
  /** Soft targets [B, C] (rows sum to 1, e.g. mixup's blends); absent: the labels are the targets. */
  targets?: Tensor;
}

/** The training data of one epoch: `count` samples, served a batch of rows at a time. */
export interface Epoch {
  count: number;
  /** The batch of samples `rows` (indices in [0, count)), drawing from `rng` if it needs to. */
  batch(rows: readonly number[], rng: Rng): Batch;
  /** Names of the samples `rows` (e.g. the clips they come from), for the non-finite-loss error. */
  names?(rows: readonly number[]): string[];
}

/** Where each epoch's data comes from: called once per epoch, before the shuffle, with the run's Rng. */
export type EpochSource = (rng: Rng) => Epoch;

export interface StepResult {
  /** Total loss of the batch: data loss + penalties. */
  loss: number;
  /** Number of correctly classified samples in the batch. */
  correct: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
}

export interface EpochLog {
  /** 0-based index of the epoch (Keras's `on_epoch_end(epoch)`). */
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  /** Wall time of the epoch, validation included. */
  seconds: number;
}

export interface BatchLog {
  epoch: number;
  /** 0-based batch index within the epoch, and the number of batches. */
  batch: number;
  batches: number;
  /** This batch's loss, and the epoch's running loss and accuracy so far. */
  batchLoss: number;
  loss: number;
  accuracy: number;
}

export interface TrainOptions {
  /** Train until this many epochs are complete (Keras's `epochs`, counted from epoch 0). */
  epochs: number;
  /** First epoch to run; defaults to the model's epoch counter (0 for a fresh model, restored by importState). */
  initialEpoch?: number;
  batchSize?: number;
  /** Reshuffle the samples every epoch (default true, as Keras). */
  shuffle?: boolean;
  /** Generator for the data source, shuffling and dropout instead of the model's own (whose state `exportState` saves). */
  rng?: Rng;
  /** Scores the model after each epoch's batches (counted in the epoch's seconds); absent: no validation. */
  validate?: (model: Sequential) => EvaluateResult;
  onBatchEnd?: (log: BatchLog) => void;
  /** Called after each epoch (after the epoch counter moves on, so a checkpoint here resumes at the next); return 'stop' to end training. */
  onEpochEnd?: (log: EpochLog) => void | 'stop';
  /** Checked before every batch: an aborted signal ends training, leaving the current epoch unfinished. */
  signal?: AbortSignal;
}

export interface History {
  epochs: EpochLog[];
  /** Why training ended early, or null when all epochs ran. */
  stopped: 'signal' | 'callback' | null;
}

/** Where in a run a step is (1-based in messages). */
export interface StepPosition {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** The batch's sample names, asked for only when the error is worded. */
  samples?: () => string[];
}

/** A loss or gradient norm that is NaN or ±∞; thrown before the update, so the weights are those of before the batch. */
export class NonFiniteLossError extends Error {
  constructor(
    readonly model: string,
    readonly loss: number,
    /** The gradient norm when the loss was finite but the gradients were not, else null. */
    readonly gradNorm: number | null,
    readonly position: StepPosition | null,
  ) {
    const where = position === null ? '' : ` at epoch ${position.epoch + 1}/${position.epochs}, batch ${position.batch + 1}/${position.batches}${namedSamples(position)}`;
    const what = gradNorm === null ? `loss is ${loss}` : `loss is ${loss} but the gradient norm is ${gradNorm}`;
    super(`Sequential '${model}': ${what}${where}; the weights are those before this batch`);
    this.name = 'NonFiniteLossError';
  }
}

/** `(samples: a, b, … and N more)` for a position that can name its samples, else ''. */
function namedSamples(position: StepPosition): string {
  const names = position.samples === undefined ? [] : [...new Set(position.samples())];
  if (names.length === 0) return '';
  const shown = names.slice(0, 8).join(', ');
  return ` (samples: ${shown}${names.length > 8 ? ` and ${names.length - 8} more` : ''})`;
}

/** One optimisation step on `batch` (see the file header); `position` only words the error. */
export function trainStep(model: Sequential, batch: Batch, rng: Rng, position: StepPosition | null = null): StepResult {
  const params = model.params;
  for (const p of params) p.value.grad = null;
  const nonTrainable = model.nonTrainableParams;
  const before = nonTrainable.map((p) => p.value.data.slice());
  const fail = (loss: number, gradNorm: number | null): never => {
    nonTrainable.forEach((p, k) => p.value.data.set(before[k]));
    throw new NonFiniteLossError(model.name, loss, gradNorm, position);
  };
  const outputs = model.call(batch.x, { training: true, rng });
  const penalty = model.regularizationLoss();
  const data = batch.targets === undefined ? model.dataLoss(outputs, batch.labels) : softTargetLoss(model, outputs, batch.targets);
  const loss = penalty === null ? data : add(data, penalty);
  const value = loss.item();
  if (!Number.isFinite(value)) fail(value, null);
  backward(loss);
  const weights = params.map((p) => p.value);
  const gradNorm = globalGradientNorm(weights);
  if (!Number.isFinite(gradNorm)) fail(value, gradNorm);
  model.optimizer.step(weights, gradNorm);
  return { loss: value, correct: countCorrect(outputs, batch.labels), gradNorm };
}

function softTargetLoss(model: Sequential, outputs: Tensor, targets: Tensor): Tensor {
  if (model.output !== 'logits') throw new Error(`soft targets (mixup) need a model that outputs logits; '${model.name}' ends in a softmax`);
  return softTargetCrossEntropy(outputs, targets);
}

/** Mini-batch training over epochs [initialEpoch, epochs) on the data `source` gives each epoch (see the file header). */
export function train(model: Sequential, source: EpochSource, options: TrainOptions): History {
  const { epochs, batchSize = 32, shuffle = true, validate, onBatchEnd, onEpochEnd, signal } = options;
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new Error(`fit: batchSize must be a positive integer, got ${batchSize}`);
  const rng = options.rng ?? model.rng;
  const history: History = { epochs: [], stopped: null };
  for (let epoch = options.initialEpoch ?? model.epoch; epoch < epochs; epoch++) {
    const start = performance.now();
    const data = source(rng);
    const order = range(0, data.count);
    if (shuffle) rng.shuffle(order);
    const batches = Math.ceil(data.count / batchSize);
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    for (let b = 0; b < batches; b++) {
      if (signal?.aborted) {
        history.stopped = 'signal';
        return history;
      }
      const rows = order.slice(b * batchSize, (b + 1) * batchSize);
      const samples = data.names === undefined ? undefined : () => data.names!(rows);
      const step = trainStep(model, data.batch(rows, rng), rng, { epoch, epochs, batch: b, batches, samples });
      lossSum += step.loss * rows.length;
      correct += step.correct;
      seen += rows.length;
      onBatchEnd?.({ epoch, batch: b, batches, batchLoss: step.loss, loss: lossSum / seen, accuracy: correct / seen });
    }
    const log: EpochLog = { epoch, loss: lossSum / seen, accuracy: correct / seen, seconds: 0 };
    if (validate !== undefined) {
      const val = validate(model);
      log.valLoss = val.loss;
      log.valAccuracy = val.accuracy;
    }
    log.seconds = (performance.now() - start) / 1000;
    model.epoch = epoch + 1;
    history.epochs.push(log);
    if (onEpochEnd?.(log) === 'stop') {
      history.stopped = epoch + 1 < epochs ? 'callback' : null;
      return history;
    }
  }
  return history;
}

/** The same labelled samples every epoch: x [N, ...sample] and N labels, batches copied out by row. */
export function labelledSamples(x: Tensor, labels: Labels, dtype: DType = x.dtype): Epoch {
  return { count: x.shape[0], batch: (rows) => ({ x: takeRows(x, rows, dtype), labels: rows.map((r) => labels[r]) }) };
}

/** Throws naming `where` unless x is [N, ...] with N > 0 labels; returns N. */
export function checkSamples(where: string, x: Tensor, labels: Labels): number {
  if (x.rank < 2 || x.shape[0] !== labels.length || x.shape[0] === 0) {
    throw new Error(`${where}: expects x [N, ...] and N labels (N > 0), got x ${formatShape(x.shape)} and ${labels.length} labels`);
  }
  return x.shape[0];
}

export function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => start + i);
}

/** A new tensor of `dtype` holding rows `rows` (first axis) of x, in that order. */
export function takeRows(x: Tensor, rows: readonly number[], dtype: DType = x.dtype): Tensor {
  const width = x.size / x.shape[0];
  const data = allocate(dtype, rows.length * width);
  rows.forEach((r, i) => data.set(x.data.subarray(r * width, (r + 1) * width), i * width));
  return new Tensor(data, [rows.length, ...x.shape.slice(1)]);
}

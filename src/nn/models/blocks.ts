/**
 * What the models of the zoo share: the number of GTZAN classes, the options every model takes,
 * the paper CNN's convolution blocks and dense head, the paper LSTM's stack, and `compile`, which
 * turns a layer list into a `Sequential` over [B, T, F] frame sequences with Adam.
 *
 * Every model ends in a Dense(nClasses) that outputs logits instead of Keras's softmax: training
 * uses the (equivalent, stable) softmax cross-entropy from logits and `predict` applies the
 * softmax, so predictions equal the Keras model's output. Only kernels are regularised (not
 * recurrent kernels or biases), as in the project's Keras oracle (shared/oracle/models.py).
 */
import type { DType } from '../../autograd/index.js';
import { Conv1D } from '../conv1d.js';
import { Dense } from '../dense.js';
import { Dropout } from '../dropout.js';
import type { Layer } from '../layer.js';
import type { Regularizer } from '../loss.js';
import { LSTM } from '../lstm.js';
import { MaxPool1D } from '../maxpool1d.js';
import { Adam } from '../optim/adam.js';
import { Sequential } from '../sequential.js';

export const N_CLASSES = 10;

export interface ModelOptions {
  /** Frames per example, or null (default) for any length, as `keras.Input(shape=(None, F))`. */
  timesteps?: number | null;
  nClasses?: number;
  seed?: number;
  dtype?: DType;
  learningRate?: number;
}

/** The paper CNN's convolution: Conv1D(filters, 5, 'same', relu) with a kernel penalty. */
export function paperConv(filters: number, kernelRegularizer: Regularizer): Conv1D {
  return new Conv1D({ filters, kernelSize: 5, padding: 'same', activation: 'relu', kernelRegularizer });
}

/**
 * The paper CNN's feature extractor, [B, T, F] → [B, ⌈T/4⌉, 64]: Conv1D(32) → MaxPool1D(2) →
 * Conv1D(64) → MaxPool1D(2), then (`depth` 3, the paper's) a third Conv1D(64).
 */
export function paperConvBlocks(kernelRegularizer: Regularizer, depth: 2 | 3 = 3): Layer[] {
  const pool = () => new MaxPool1D({ poolSize: 2, padding: 'same' });
  const blocks = [paperConv(32, kernelRegularizer), pool(), paperConv(64, kernelRegularizer), pool()];
  return depth === 3 ? [...blocks, paperConv(64, kernelRegularizer)] : blocks;
}

/** The paper CNN's classifier on pooled features: Dense(200, relu) → Dropout → Dense(nClasses). */
export function paperDenseHead(kernelRegularizer: Regularizer, dropout: number, nClasses: number): Layer[] {
  return [new Dense({ units: 200, activation: 'relu', kernelRegularizer }), new Dropout({ rate: dropout }), new Dense({ units: nClasses })];
}

/** The paper LSTM's stack: LSTM(128, whole sequence) → LSTM(32, the last step, or the whole sequence). */
export function paperLstmStack(kernelRegularizer: Regularizer, dropout: number, recurrentDropout: number, lastReturnsSequences: boolean): LSTM[] {
  return [
    new LSTM({ units: 128, returnSequences: true, dropout, recurrentDropout, kernelRegularizer }),
    new LSTM({ units: 32, returnSequences: lastReturnsSequences, dropout, recurrentDropout, kernelRegularizer }),
  ];
}

/** A `Sequential` named `name` over (T, nFeatures) inputs, seeded, trained by Adam at `learningRate` (default 1e-3). */
export function compile(name: string, layers: Layer[], nFeatures: number, options: ModelOptions): Sequential {
  const { timesteps = null, seed = 0, dtype, learningRate = 1e-3 } = options;
  return new Sequential(layers, { name, inputShape: [timesteps, nFeatures], seed, dtype, optimizer: new Adam({ learningRate }) });
}

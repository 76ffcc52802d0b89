/**
 * The paper's two models (shared/spec/PAPER.md), as the Keras 3 reconstructions in the
 * project's oracle (shared/oracle/models.py `build_lstm`, `build_cnn_a`), layer for layer. Both end
 * in a Dense(10) that outputs logits instead of Keras's softmax: training uses the (equivalent,
 * stable) softmax cross-entropy from logits and `predict` applies the softmax, so predictions equal
 * the Keras model's output.
 *
 * paperLstm (107,466 parameters for 40 features; input (None, T, F), T free):
 *   LSTM(128, returnSequences, dropout 0.05, recurrentDropout 0.35, kernel L2 1e-3)  86,528
 *   LSTM(32, dropout 0.05, recurrentDropout 0.35, kernel L2 1e-3)                    20,608
 *   Dense(10, kernel L2 1e-3)                                                            330
 * paperCnn (52,290 parameters; input (None, T, F), T free):
 *   Conv1D(32, 5, 'same', relu, kernel L1 1e-4) → MaxPool1D(2, 'same')                6,432
 *   Conv1D(64, 5, 'same', relu, kernel L1 1e-4) → MaxPool1D(2, 'same')               10,304
 *   Conv1D(64, 5, 'same', relu, kernel L1 1e-4) → GlobalAveragePooling1D             20,544
 *   Dense(200, relu, kernel L1 1e-4) → Dropout(0.5)                                  13,000
 *   Dense(10)                                                                          2,010
 * As in the oracle, only kernels are regularised (not recurrent kernels or biases).
 */
import type { DType } from '../autograd/index.js';
import { Conv1D } from './conv1d.js';
import { Dense } from './dense.js';
import { Dropout } from './dropout.js';
import { GlobalAveragePooling1D } from './globalavgpool1d.js';
import { l1, l2 } from './loss.js';
import { LSTM } from './lstm.js';
import { MaxPool1D } from './maxpool1d.js';
import { Adam } from './optim/adam.js';
import { Sequential } from './sequential.js';

export const N_CLASSES = 10;

export interface PaperModelOptions {
  /** Frames per example, or null (default) for any length, as `keras.Input(shape=(None, F))`. */
  timesteps?: number | null;
  nClasses?: number;
  seed?: number;
  dtype?: DType;
  learningRate?: number;
}

export interface PaperLstmOptions extends PaperModelOptions {
  l2?: number;
  dropout?: number;
  recurrentDropout?: number;
}

export interface PaperCnnOptions extends PaperModelOptions {
  l1?: number;
  dropout?: number;
}

/** LSTM(128) → LSTM(32) → Dense(10), oracle `build_lstm`. */
export function paperLstm(nFeatures = 40, options: PaperLstmOptions = {}): Sequential {
  const { timesteps = null, nClasses = N_CLASSES, seed = 0, dtype, learningRate = 1e-3, l2: l2Value = 1e-3, dropout = 0.05, recurrentDropout = 0.35 } = options;
  const reg = l2(l2Value);
  return new Sequential(
    [
      new LSTM({ units: 128, returnSequences: true, dropout, recurrentDropout, kernelRegularizer: reg }),
      new LSTM({ units: 32, dropout, recurrentDropout, kernelRegularizer: reg }),
      new Dense({ units: nClasses, kernelRegularizer: reg }),
    ],
    { name: 'lstm_paper', inputShape: [timesteps, nFeatures], seed, dtype, optimizer: new Adam({ learningRate }) },
  );
}

/** Conv1D(32,5) → MaxPool(2) → Conv1D(64,5) → MaxPool(2) → Conv1D(64,5) → GAP → Dense(200) → Dropout(0.5) → Dense(10), oracle `build_cnn_a`. */
export function paperCnn(nFeatures = 40, options: PaperCnnOptions = {}): Sequential {
  const { timesteps = null, nClasses = N_CLASSES, seed = 0, dtype, learningRate = 1e-3, l1: l1Value = 1e-4, dropout = 0.5 } = options;
  const reg = l1(l1Value);
  const conv = (filters: number) => new Conv1D({ filters, kernelSize: 5, padding: 'same', activation: 'relu', kernelRegularizer: reg });
  const pool = () => new MaxPool1D({ poolSize: 2, padding: 'same' });
  return new Sequential(
    [
      conv(32),
      pool(),
      conv(64),
      pool(),
      conv(64),
      new GlobalAveragePooling1D(),
      new Dense({ units: 200, activation: 'relu', kernelRegularizer: reg }),
      new Dropout({ rate: dropout }),
      new Dense({ units: nClasses }),
    ],
    { name: 'cnn_a', inputShape: [timesteps, nFeatures], seed, dtype, optimizer: new Adam({ learningRate }) },
  );
}

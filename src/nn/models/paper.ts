/**
 * The paper's two models (shared/spec/PAPER.md), as the Keras 3 reconstructions in the project's
 * oracle (shared/oracle/models.py `build_lstm`, `build_cnn_a`), layer for layer (logits out, kernels
 * regularised: `blocks.ts`).
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
 */
import { Dense } from '../dense.js';
import { GlobalAveragePooling1D } from '../globalavgpool1d.js';
import { l1, l2 } from '../loss.js';
import type { Sequential } from '../sequential.js';
import { N_CLASSES, compile, paperConvBlocks, paperDenseHead, paperLstmStack, type ModelOptions } from './blocks.js';

export interface PaperLstmOptions extends ModelOptions {
  l2?: number;
  dropout?: number;
  recurrentDropout?: number;
}

export interface PaperCnnOptions extends ModelOptions {
  l1?: number;
  dropout?: number;
}

/** LSTM(128) → LSTM(32) → Dense(10), oracle `build_lstm`. */
export function paperLstm(nFeatures = 40, options: PaperLstmOptions = {}): Sequential {
  const { nClasses = N_CLASSES, l2: l2Value = 1e-3, dropout = 0.05, recurrentDropout = 0.35 } = options;
  const reg = l2(l2Value);
  return compile('lstm_paper', [...paperLstmStack(reg, dropout, recurrentDropout, false), new Dense({ units: nClasses, kernelRegularizer: reg })], nFeatures, options);
}

/** Conv1D(32,5) → MaxPool(2) → Conv1D(64,5) → MaxPool(2) → Conv1D(64,5) → GAP → Dense(200) → Dropout(0.5) → Dense(10), oracle `build_cnn_a`. */
export function paperCnn(nFeatures = 40, options: PaperCnnOptions = {}): Sequential {
  const { nClasses = N_CLASSES, l1: l1Value = 1e-4, dropout = 0.5 } = options;
  const reg = l1(l1Value);
  return compile('cnn_a', [...paperConvBlocks(reg), new GlobalAveragePooling1D(), ...paperDenseHead(reg, dropout, nClasses)], nFeatures, options);
}

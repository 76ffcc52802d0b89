/**
 * crnn, a CNN+LSTM hybrid where the paper's conclusion points (shared/spec/PAPER.md): the paper
 * CNN's first two convolution blocks shorten the sequence 4× and learn local timbre patterns; an
 * LSTM summarises their order. Input [B, T, F], T free; logits out (`blocks.ts`).
 *
 * crnn (50,410 parameters for 40 features):
 *   Conv1D(32, 5, 'same', relu, L1 1e-4) → MaxPool1D(2, 'same')                         6,432
 *   Conv1D(64, 5, 'same', relu, L1 1e-4) → MaxPool1D(2, 'same')                        10,304
 *   LSTM(64, dropout 0.1, recurrentDropout 0.2, kernel L2 1e-3) → Dropout(0.3)         33,024
 *   Dense(10)                                                                             650
 */
import { Dense } from '../dense.js';
import { Dropout } from '../dropout.js';
import { l1, l2 } from '../loss.js';
import { LSTM } from '../lstm.js';
import type { Sequential } from '../sequential.js';
import { N_CLASSES, compile, paperConvBlocks, type ModelOptions } from './blocks.js';

/** Conv1D(32)+MaxPool → Conv1D(64)+MaxPool → LSTM(64) → Dropout(0.3) → Dense(10) (file header). */
export function crnn(nFeatures = 40, options: ModelOptions = {}): Sequential {
  const nClasses = options.nClasses ?? N_CLASSES;
  const layers = [...paperConvBlocks(l1(1e-4), 2), new LSTM({ units: 64, dropout: 0.1, recurrentDropout: 0.2, kernelRegularizer: l2(1e-3) }), new Dropout({ rate: 0.3 }), new Dense({ units: nClasses })];
  return compile('crnn', layers, nFeatures, options);
}

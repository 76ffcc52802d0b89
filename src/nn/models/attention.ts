/**
 * The paper's models with attention pooling (`AttentionPooling1D`, a learned weighted average over
 * time) in place of their fixed pooling, so each pair differs only in how time is summarised.
 * Input [B, T, F], T free; logits out (`blocks.ts`).
 *
 * attentionCnn (56,514 parameters for 40 features): the paper's CNN with its
 * GlobalAveragePooling1D replaced by AttentionPooling1D(64).
 * attentionLstm (108,554 parameters for 40 features): the paper's LSTM with the second LSTM
 * returning its whole sequence and AttentionPooling1D(32) in place of "keep the last step".
 */
import { AttentionPooling1D } from '../attention-pooling1d.js';
import { Dense } from '../dense.js';
import { l1, l2 } from '../loss.js';
import type { Sequential } from '../sequential.js';
import { N_CLASSES, compile, paperConvBlocks, paperDenseHead, paperLstmStack, type ModelOptions } from './blocks.js';

/** The paper's CNN with AttentionPooling1D(64) in place of GlobalAveragePooling1D (file header). */
export function attentionCnn(nFeatures = 40, options: ModelOptions = {}): Sequential {
  const nClasses = options.nClasses ?? N_CLASSES;
  const reg = l1(1e-4);
  return compile('attention_cnn', [...paperConvBlocks(reg), new AttentionPooling1D({ units: 64 }), ...paperDenseHead(reg, 0.5, nClasses)], nFeatures, options);
}

/** The paper's LSTM with AttentionPooling1D(32) over the second LSTM's sequence (file header). */
export function attentionLstm(nFeatures = 40, options: ModelOptions = {}): Sequential {
  const nClasses = options.nClasses ?? N_CLASSES;
  const reg = l2(1e-3);
  return compile('attention_lstm', [...paperLstmStack(reg, 0.05, 0.35, true), new AttentionPooling1D({ units: 32 }), new Dense({ units: nClasses, kernelRegularizer: reg })], nFeatures, options);
}

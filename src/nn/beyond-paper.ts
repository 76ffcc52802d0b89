/**
 * Models that go where the paper's conclusion points (docs: /work/shared/spec/PAPER.md): a CNN+LSTM
 * hybrid and attention pooling; and the classic small-data alternative, a statistics-pooling MLP.
 * Like the paper's models they take [B, T, F] frame sequences of any length T, end in a
 * Dense(nClasses) that outputs logits (training uses softmax cross-entropy, `predict` applies the
 * softmax), train with Adam (lr 1e-3) and regularise kernels only.
 *
 * crnn (50,410 parameters for 40 features): the paper CNN's first two conv blocks shorten the
 * sequence 4× and learn local timbre patterns; an LSTM summarises their order.
 *   Conv1D(32, 5, 'same', relu, L1 1e-4) → MaxPool1D(2, 'same')                         6,432
 *   Conv1D(64, 5, 'same', relu, L1 1e-4) → MaxPool1D(2, 'same')                        10,304
 *   LSTM(64, dropout 0.1, recurrentDropout 0.2, kernel L2 1e-3) → Dropout(0.3)         33,024
 *   Dense(10)                                                                             650
 * attentionCnn (56,514 parameters for 40 features): the paper's CNN with its
 * GlobalAveragePooling1D replaced by AttentionPooling1D(64), so the two differ only in the pooling.
 * attentionLstm (108,554 parameters for 40 features): the paper's LSTM with the second LSTM returning
 * its whole sequence and AttentionPooling1D(32) in place of "keep the last step".
 * statsMlp (17,258 parameters for 40 features, 17,018 trainable): no sequence model at all — each
 * feature's mean, std and mean frame-to-frame change over the input (the clip-level descriptors of
 * classic genre classifiers), standardised by BatchNormalization (the three statistics live on
 * different scales), then a one-hidden-layer MLP. With 28–32 training clips per genre this
 * generalises to unseen artists better than the sequence models (docs/results.md).
 *   StatsPooling1D: [B, T, F] → [B, 3F]                                                     0
 *   BatchNormalization (γ, β trainable; moving mean and variance not)                    480
 *   Dense(128, relu, kernel L2 1e-3) → Dropout(0.5)                                     15,488
 *   Dense(10)                                                                           1,290
 */
import type { DType } from '../autograd/index.js';
import { AttentionPooling1D } from './attention.js';
import { BatchNormalization } from './batchnorm.js';
import { Conv1D } from './conv1d.js';
import { Dense } from './dense.js';
import { Dropout } from './dropout.js';
import { l1, l2 } from './loss.js';
import { LSTM } from './lstm.js';
import { MaxPool1D } from './maxpool1d.js';
import { N_CLASSES } from './models.js';
import { Adam } from './optim/adam.js';
import { Sequential } from './sequential.js';
import { StatsPooling1D } from './stats-pooling1d.js';

export interface BeyondPaperOptions {
  /** Frames per example, or null (default) for any length. */
  timesteps?: number | null;
  nClasses?: number;
  seed?: number;
  dtype?: DType;
  learningRate?: number;
}

const convBlock = (filters: number) => [
  new Conv1D({ filters, kernelSize: 5, padding: 'same', activation: 'relu', kernelRegularizer: l1(1e-4) }),
  new MaxPool1D({ poolSize: 2, padding: 'same' }),
];

function compile(name: string, layers: ConstructorParameters<typeof Sequential>[0], nFeatures: number, options: BeyondPaperOptions): Sequential {
  const { timesteps = null, seed = 0, dtype, learningRate = 1e-3 } = options;
  return new Sequential(layers, { name, inputShape: [timesteps, nFeatures], seed, dtype, optimizer: new Adam({ learningRate }) });
}

/** Conv1D(32)+MaxPool → Conv1D(64)+MaxPool → LSTM(64) → Dropout(0.3) → Dense(10) (file header). */
export function crnn(nFeatures = 40, options: BeyondPaperOptions = {}): Sequential {
  const nClasses = options.nClasses ?? N_CLASSES;
  return compile(
    'crnn',
    [...convBlock(32), ...convBlock(64), new LSTM({ units: 64, dropout: 0.1, recurrentDropout: 0.2, kernelRegularizer: l2(1e-3) }), new Dropout({ rate: 0.3 }), new Dense({ units: nClasses })],
    nFeatures,
    options,
  );
}

/** The paper's CNN with AttentionPooling1D(64) in place of GlobalAveragePooling1D (file header). */
export function attentionCnn(nFeatures = 40, options: BeyondPaperOptions = {}): Sequential {
  const nClasses = options.nClasses ?? N_CLASSES;
  const reg = l1(1e-4);
  return compile(
    'attention_cnn',
    [
      ...convBlock(32),
      ...convBlock(64),
      new Conv1D({ filters: 64, kernelSize: 5, padding: 'same', activation: 'relu', kernelRegularizer: reg }),
      new AttentionPooling1D({ units: 64 }),
      new Dense({ units: 200, activation: 'relu', kernelRegularizer: reg }),
      new Dropout({ rate: 0.5 }),
      new Dense({ units: nClasses }),
    ],
    nFeatures,
    options,
  );
}

/** The paper's LSTM with AttentionPooling1D(32) over the second LSTM's sequence (file header). */
export function attentionLstm(nFeatures = 40, options: BeyondPaperOptions = {}): Sequential {
  const nClasses = options.nClasses ?? N_CLASSES;
  const reg = l2(1e-3);
  return compile(
    'attention_lstm',
    [
      new LSTM({ units: 128, returnSequences: true, dropout: 0.05, recurrentDropout: 0.35, kernelRegularizer: reg }),
      new LSTM({ units: 32, returnSequences: true, dropout: 0.05, recurrentDropout: 0.35, kernelRegularizer: reg }),
      new AttentionPooling1D({ units: 32 }),
      new Dense({ units: nClasses, kernelRegularizer: reg }),
    ],
    nFeatures,
    options,
  );
}

/** StatsPooling1D → BatchNormalization → Dense(128, relu, L2 1e-3) → Dropout(0.5) → Dense(10) (file header). */
export function statsMlp(nFeatures = 40, options: BeyondPaperOptions = {}): Sequential {
  const nClasses = options.nClasses ?? N_CLASSES;
  return compile(
    'stats_mlp',
    [new StatsPooling1D(), new BatchNormalization(), new Dense({ units: 128, activation: 'relu', kernelRegularizer: l2(1e-3) }), new Dropout({ rate: 0.5 }), new Dense({ units: nClasses })],
    nFeatures,
    options,
  );
}

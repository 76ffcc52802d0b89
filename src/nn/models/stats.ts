/**
 * statsMlp: no sequence model at all — each feature's mean, std and mean frame-to-frame change over
 * the input (the clip-level descriptors of classic genre classifiers), standardised by
 * BatchNormalization (the three statistics live on different scales), then a one-hidden-layer MLP.
 * With 28–32 training clips per genre this generalises to unseen artists better than the sequence
 * models (docs/results.md). Input [B, T, F], T >= 2 free; logits out (`blocks.ts`).
 *
 * statsMlp (17,258 parameters for 40 features, 17,018 trainable):
 *   StatsPooling1D: [B, T, F] → [B, 3F]                                                     0
 *   BatchNormalization (γ, β trainable; moving mean and variance not)                    480
 *   Dense(128, relu, kernel L2 1e-3) → Dropout(0.5)                                     15,488
 *   Dense(10)                                                                           1,290
 */
import { BatchNormalization } from '../batchnorm.js';
import { Dense } from '../dense.js';
import { Dropout } from '../dropout.js';
import { l2 } from '../loss.js';
import type { Sequential } from '../sequential.js';
import { StatsPooling1D } from '../stats-pooling1d.js';
import { N_CLASSES, compile, type ModelOptions } from './blocks.js';

/** StatsPooling1D → BatchNormalization → Dense(128, relu, L2 1e-3) → Dropout(0.5) → Dense(10) (file header). */
export function statsMlp(nFeatures = 40, options: ModelOptions = {}): Sequential {
  const nClasses = options.nClasses ?? N_CLASSES;
  const layers = [new StatsPooling1D(), new BatchNormalization(), new Dense({ units: 128, activation: 'relu', kernelRegularizer: l2(1e-3) }), new Dropout({ rate: 0.5 }), new Dense({ units: nClasses })];
  return compile('stats_mlp', layers, nFeatures, options);
}

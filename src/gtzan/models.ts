/**
 * The models `bench/train.js NAME` can train, by name. Each builder takes the number of features
 * per frame, the number of classes and a seed, and returns a compiled `Sequential`.
 */
import { paperCnn, paperLstm, type Sequential } from '../nn/index.js';

export interface ModelBuildOptions {
  nFeatures: number;
  nClasses: number;
  seed: number;
}

export interface ModelEntry {
  /** One line for `--help`. */
  description: string;
  /** The study's mean test accuracy for this model, when it reports one. */
  paperAccuracy?: number;
  build(options: ModelBuildOptions): Sequential;
}

export const MODELS: Record<string, ModelEntry> = {
  cnn: {
    description: "the paper's CNN: 3×Conv1D(5)+MaxPool → GlobalAveragePooling → Dense(200, L1) → Dropout(0.5) → Dense(10); 52,290 params at 40 features",
    paperAccuracy: 0.466,
    build: ({ nFeatures, nClasses, seed }) => paperCnn(nFeatures, { nClasses, seed }),
  },
  lstm: {
    description: "the paper's LSTM: LSTM(128) → LSTM(32) → Dense(10), dropout 0.05 / recurrent 0.35, L2 1e-3; 107,466 params at 40 features",
    paperAccuracy: 0.544,
    build: ({ nFeatures, nClasses, seed }) => paperLstm(nFeatures, { nClasses, seed }),
  },
};

export function modelEntry(name: string): ModelEntry {
  const entry = MODELS[name];
  if (entry === undefined) throw new Error(`unknown model '${name}' (one of ${Object.keys(MODELS).join(', ')})`);
  return entry;
}

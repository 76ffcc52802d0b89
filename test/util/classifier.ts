/** A small classifier for tests: a built model with random weights and made-up training statistics, no training. */
import { Dense, GlobalAveragePooling1D, Sequential } from '../../src/nn/index.js';
import { Classifier, type ClassifierContents, type InputProtocol } from '../../src/gtzan/classify/classifier.js';
import { frameFeatures, type FeatureGroup } from '../../src/dsp/index.js';

export function toyClassifier(protocol: InputProtocol, { clipFrames = 130, groups = ['mfcc', 'centroid'] as FeatureGroup[] } = {}): Classifier {
  const probe = frameFeatures(new Float32Array(2048), { groups });
  const F = probe.nFeatures;
  const model = new Sequential([new GlobalAveragePooling1D(), new Dense({ units: 3, activation: 'softmax' })], { inputShape: [null, F], seed: 5 });
  const contents: ClassifierContents = {
    labels: ['a', 'b', 'c'],
    groups,
    featureNames: probe.names,
    standardizer: { mean: Float64Array.from({ length: F }, (_, f) => f - 10), std: Float64Array.from({ length: F }, (_, f) => 1 + f) },
    protocol,
    clipFrames,
    batchSize: 32,
    model,
    provenance: { modelName: 'toy', data: 'none', split: 'random', seed: 0, run: 0, epochs: 0, validationAccuracy: null, testAccuracy: null, tunegradVersion: '0.0.0', date: '2026-12-02T00:00:00.000Z' },
  };
  return new Classifier(contents);
}

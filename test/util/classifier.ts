/**
 * A small classifier for tests: a built model with random weights and made-up training statistics,
 * no training; with `members` > 1 an ensemble of that many such models (seeds 5, 6, …).
 */
import { Dense, Ensemble, GlobalAveragePooling1D, Sequential, type Predictor } from '../../src/nn/index.js';
import { Classifier, type ClassifierContents, type InputProtocol } from '../../src/gtzan/classify/classifier.js';
import { frameFeatures, type FeatureGroup } from '../../src/dsp/index.js';

export function toyClassifier(protocol: InputProtocol, { clipFrames = 130, groups = ['mfcc', 'centroid'] as FeatureGroup[], members = 1 } = {}): Classifier {
  const probe = frameFeatures(new Float32Array(2048), { groups });
  const F = probe.nFeatures;
  const network = (seed: number) => new Sequential([new GlobalAveragePooling1D(), new Dense({ units: 3, activation: 'softmax' })], { inputShape: [null, F], seed });
  const model: Predictor = members === 1 ? network(5) : new Ensemble(Array.from({ length: members }, (_, m) => network(5 + m)));
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

/** Every weight of a network, or of each member of an ensemble in order. */
export function predictorWeights(model: Predictor): Float32Array[][] {
  return (model instanceof Ensemble ? model.members : [model]).map((m) => m.getWeights() as Float32Array[]);
}

/** The network of a single-network classifier (a test's type narrowing). */
export function singleNetwork(model: Predictor): Sequential {
  if (!(model instanceof Sequential)) throw new Error('expected one network, got an ensemble');
  return model;
}

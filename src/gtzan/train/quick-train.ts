/**
 * A small whole-clip classifier trained in memory on the built-in synthetic corpus, with no file
 * access (what the browser app trains in its worker): clips → the paper's 40 features per frame →
 * a seeded random split → z-scores of the training frames → `epochs` of `model` (a registry name
 * without segments) → a `Classifier` that classifies new audio the same way. The experiment
 * pipeline (`experiment.ts`) does the same on files, with checkpoints and reports.
 */
import { Tensor } from '../../autograd/index.js';
import { DEFAULT_GROUPS, frameFeatures } from '../../dsp/features.js';
import type { EpochLog } from '../../nn/index.js';
import { Classifier } from '../classify/classifier.js';
import { fitStandardizer, standardize, toSequences } from '../data/normalize.js';
import { randomSplit } from '../data/splits.js';
import { syntheticCorpus } from '../data/synthetic/corpus.js';
import { modelEntry } from './models.js';

export interface QuickTrainOptions {
  /** A whole-clip model of the registry (default 'stats'). */
  model?: string;
  epochs?: number;
  batchSize?: number;
  seed?: number;
  clipsPerClass?: number;
  seconds?: number;
  /** After each epoch, with its log. */
  onEpoch?: (log: EpochLog) => void;
  /** The package version, for the classifier's provenance. */
  version?: string;
  /** While features are computed: (clips done, total). */
  onFeatures?: (done: number, total: number) => void;
}

export interface QuickTrainResult {
  classifier: Classifier;
  history: EpochLog[];
  testAccuracy: number;
  /** Names of the held-out clips `testAccuracy` was measured on. */
  testClips: string[];
}

/** Train (see the file header). */
export function trainSyntheticClassifier(options: QuickTrainOptions = {}): QuickTrainResult {
  const { model: name = 'stats', epochs = 10, batchSize = 16, seed = 0, clipsPerClass = 8, seconds = 2 } = options;
  const entry = modelEntry(name);
  if (entry.segments) throw new Error(`${name} trains on segments; choose a whole-clip model`);
  const corpus = syntheticCorpus({ clipsPerClass, seconds, seed });
  const clips = corpus.clips.map((clip, i) => {
    const features = frameFeatures(clip.samples, { sr: clip.sampleRate, groups: DEFAULT_GROUPS });
    options.onFeatures?.(i + 1, corpus.clips.length);
    return { ...clip, features };
  });
  const split = randomSplit(clips, seed);
  const standardizer = fitStandardizer(split.train.map((c) => c.features));
  const timesteps = Math.min(...clips.map((c) => c.features.nFrames));
  const nFeatures = clips[0].features.nFeatures;
  const tensor = (part: typeof clips) => new Tensor(toSequences(part.map((c) => standardize(c.features, standardizer)), timesteps, nFeatures), [part.length, timesteps, nFeatures]);
  const labels = (part: typeof clips) => part.map((c) => c.labelIndex);
  const model = entry.build({ nFeatures, nClasses: corpus.labels.length, seed });
  const history = model.fit(tensor(split.train), labels(split.train), {
    epochs,
    batchSize,
    ...(split.valid.length > 0 ? { validationData: [tensor(split.valid), labels(split.valid)] as const } : {}),
    onEpochEnd: (log) => options.onEpoch?.(log),
  }).epochs;
  const test = model.evaluate(tensor(split.test), labels(split.test), { batchSize });
  const classifier = new Classifier({
    labels: corpus.labels,
    groups: [...DEFAULT_GROUPS],
    featureNames: clips[0].features.names,
    standardizer,
    protocol: { kind: 'whole-clip', timesteps },
    clipFrames: timesteps,
    batchSize,
    model,
    provenance: {
      modelName: name,
      data: `synthetic (${clipsPerClass} clips of ${seconds} s per style, seed ${seed})`,
      split: 'random',
      seed,
      run: 0,
      epochs,
      validationAccuracy: history.at(-1)?.valAccuracy ?? null,
      testAccuracy: test.accuracy,
      tunegradVersion: options.version ?? 'unknown',
      date: new Date().toISOString(),
    },
  });
  return { classifier, history, testAccuracy: test.accuracy, testClips: split.test.map((c) => c.name) };
}

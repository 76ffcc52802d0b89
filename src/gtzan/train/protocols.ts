/**
 * How an experiment run feeds a model: `wholeClipData` (the paper: every clip cropped to T frames,
 * the same samples every epoch) or `segmentData` (segments with clip-level voting, `segments.ts`,
 * drawn afresh every epoch and optionally augmented, `augment.ts`, and mixed, `mixup.ts`). Each is
 * an epoch data source for the one training loop (nn/train.ts), a validation score and a
 * clip-level test, so `runExperiment` treats them alike. Validation and test take a `Predictor`:
 * one network, or an ensemble of them (`nn/ensemble.ts`) scored on its averaged probabilities.
 *
 * Resume: `segmentData` draws each epoch's augmentation from the run's `Rng` before that epoch's
 * shuffle, so the generator state a checkpoint stores after epoch k (with the weights, Adam and the
 * epoch counter) is exactly what epoch k + 1 starts from, and a resumed run repeats the
 * uninterrupted one bit for bit. Nothing else carries across epochs.
 */
import { Tensor } from '../../autograd/index.js';
import { Ensemble, labelledSamples, type EpochSource, type EvaluateResult, type Predictor } from '../../nn/index.js';
import type { Corpus } from '../data/load.js';
import { standardizedClips, type DatasetTensors, type SplitTensors } from '../data/tensors.js';
import { argmaxRows } from '../report/metrics.js';
import { gainResponse } from './augment.js';
import { mixupSamples } from './mixup.js';
import { averageByClip, gridSegments, trainingSegments, voteMetrics, type SegmentProtocol, type Segments } from './segments.js';

export interface TestResult {
  accuracy: number;
  loss: number;
  /** Predicted label per test clip. */
  predicted: Int32Array;
  /** Class probabilities per test clip, row-major [nClips, nClasses] (the voted ones for segment models). */
  probabilities: ArrayLike<number>;
}

/** The data side of one training run. */
export interface RunData {
  /** Each epoch's training data. */
  source: EpochSource;
  /** Validation loss and accuracy after an epoch; absent without validation clips. */
  validate?: (model: Predictor) => EvaluateResult;
  /** Clip-level accuracy on the test part (loss: see the implementation). */
  test(model: Predictor): TestResult;
}

function tensorOf(part: SplitTensors, tensors: DatasetTensors): Tensor {
  return new Tensor(part.x, [part.n, tensors.timesteps, tensors.nFeatures]);
}

/**
 * The paper's protocol: whole clips as [n, T, F]; validation and test loss of one network as Keras's
 * `evaluate` (penalties included), of an ensemble the mean −ln of its averaged probability of the
 * true label (`voteMetrics`: the penalties belong to each member's training).
 */
export function wholeClipData(tensors: DatasetTensors, batchSize: number): RunData {
  const names = tensors.train.names;
  const nClasses = tensors.labels.length;
  const samples = { ...labelledSamples(tensorOf(tensors.train, tensors), Array.from(tensors.train.y)), names: (rows: readonly number[]) => rows.map((r) => names[r]) };
  const xValid = tensorOf(tensors.valid, tensors);
  const yValid = Array.from(tensors.valid.y);
  const xTest = tensorOf(tensors.test, tensors);
  const yTest = Array.from(tensors.test.y);
  const ensembleScore = (probabilities: ArrayLike<number>, y: number[]): EvaluateResult => voteMetrics(Float64Array.from(probabilities), y, nClasses);
  return {
    source: () => samples,
    validate:
      tensors.valid.n > 0
        ? (model) => (model instanceof Ensemble ? ensembleScore(model.predict(xValid, { batchSize }).data, yValid) : model.evaluate(xValid, yValid, { batchSize }))
        : undefined,
    test: (model) => {
      const probabilities = model.predict(xTest, { batchSize }).data;
      const { accuracy, loss } = model instanceof Ensemble ? ensembleScore(probabilities, yTest) : model.evaluate(xTest, yTest, { batchSize });
      return { accuracy, loss, predicted: argmaxRows(probabilities, nClasses), probabilities };
    },
  };
}

function segmentTensor(segments: Segments, protocol: SegmentProtocol, nFeatures: number): Tensor {
  return new Tensor(segments.x, [segments.count, protocol.frames, nFeatures]);
}

/**
 * Segment training with clip-level voting. Per epoch: draw the training segments (augmented from
 * the run's Rng, see the file header), train on them (each batch mixed when the protocol mixes),
 * then score the validation clips by vote. Validation and test loss are clip-level: mean −ln of the
 * voted probability of the true label (no weight penalties).
 */
export function segmentData(corpus: Corpus, tensors: DatasetTensors, protocol: SegmentProtocol, batchSize: number): RunData {
  const nClasses = corpus.labels.length;
  const clips = (part: 'train' | 'valid' | 'test') => standardizedClips(corpus.split[part], tensors.groups, tensors);
  const train = clips('train');
  const trainLabels = tensors.train.y;
  const gain = { response: gainResponse(tensors.featureNames), standardizer: tensors.standardizer };
  const valid = tensors.valid.n > 0 ? gridSegments(clips('valid'), tensors.valid.y, protocol) : null;
  const test = gridSegments(clips('test'), tensors.test.y, protocol);

  const vote = (model: Predictor, segments: Segments, labels: Int32Array) => {
    const votes = averageByClip(model.predict(segmentTensor(segments, protocol, tensors.nFeatures), { batchSize }).data, segments.clip, labels.length, nClasses);
    return { ...voteMetrics(votes, labels, nClasses), probabilities: votes };
  };

  return {
    source: (rng) => {
      const segments = trainingSegments(train, trainLabels, protocol, gain, rng);
      const x = segmentTensor(segments, protocol, tensors.nFeatures);
      const epoch = protocol.mixupAlpha > 0 ? mixupSamples(x, segments.y, nClasses, protocol.mixupAlpha) : labelledSamples(x, segments.y);
      const names = tensors.train.names;
      return { ...epoch, names: (rows: readonly number[]) => rows.map((r) => names[segments.clip[r]]) };
    },
    validate: valid === null ? undefined : (model) => vote(model, valid, tensors.valid.y),
    test: (model) => vote(model, test, tensors.test.y),
  };
}

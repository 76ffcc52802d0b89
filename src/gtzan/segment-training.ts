/**
 * How an experiment run feeds a model: `wholeClipData` (the paper: every clip cropped to T frames,
 * one `fit` over all epochs) or `segmentData` (segments with clip-level voting, `segments.ts`,
 * optionally augmented, `augment.ts`). Both train through `Sequential.fit` and report clip-level
 * test accuracy, so `runExperiment` treats them alike.
 *
 * Resume: `segmentData` draws each epoch's augmentation from the model's own `Rng` before that
 * epoch's shuffle, so the generator state a checkpoint stores after epoch k (with the weights, Adam
 * and the epoch counter) is exactly what epoch k + 1 starts from, and a resumed run repeats the
 * uninterrupted one bit for bit. Nothing else carries across epochs.
 */
import { Tensor } from '../autograd/index.js';
import type { FeatureGroup } from '../dsp/index.js';
import { NonFiniteLossError, type BatchLog, type EpochLog, type History, type Sequential } from '../nn/index.js';
import { gainResponse } from './augment.js';
import { selectGroups } from './features.js';
import type { Corpus, CorpusClip, DatasetTensors, SplitTensors } from './load.js';
import { argmaxRows } from './metrics.js';
import { mixupEpoch } from './mixup.js';
import { standardize, type ClipMatrix } from './normalize.js';
import { averageByClip, gridSegments, trainingSegments, voteMetrics, type SegmentProtocol, type Segments } from './segments.js';

export interface RunFitOptions {
  epochs: number;
  batchSize: number;
  signal?: AbortSignal;
  onBatchEnd?: (log: BatchLog) => void;
  /** After each epoch, once the model's epoch counter has moved on (checkpoint here). */
  onEpochEnd: (log: EpochLog) => void;
}

export interface TestResult {
  accuracy: number;
  loss: number;
  /** Predicted label per test clip. */
  predicted: Int32Array;
}

/** The data side of one training run. */
export interface RunData {
  /** Train from the model's epoch counter up to `epochs`. */
  fit(model: Sequential, options: RunFitOptions): History;
  /** Clip-level accuracy on the test part (loss: see the implementation). */
  test(model: Sequential, batchSize: number): TestResult;
}

function tensorOf(part: SplitTensors, tensors: DatasetTensors): Tensor {
  return new Tensor(part.x, [part.n, tensors.timesteps, tensors.nFeatures]);
}

/** The paper's protocol: whole clips as [n, T, F]; test loss as Keras's `evaluate` (penalties included). */
export function wholeClipData(tensors: DatasetTensors): RunData {
  const x = tensorOf(tensors.train, tensors);
  const y = Array.from(tensors.train.y);
  const validation = tensors.valid.n > 0 ? ([tensorOf(tensors.valid, tensors), Array.from(tensors.valid.y)] as const) : undefined;
  const xTest = tensorOf(tensors.test, tensors);
  const yTest = Array.from(tensors.test.y);
  return {
    fit: (model, { epochs, batchSize, signal, onBatchEnd, onEpochEnd }) => model.fit(x, y, { epochs, batchSize, validationData: validation, signal, onBatchEnd, onEpochEnd }),
    test: (model, batchSize) => {
      const { accuracy, loss } = model.evaluate(xTest, yTest, { batchSize });
      const predicted = argmaxRows(model.predict(xTest, { batchSize }).data, tensors.labels.length);
      return { accuracy, loss, predicted };
    },
  };
}

/** The z-scored frame matrices of `clips` with the groups and training statistics of `tensors`. */
export function standardizedClips(clips: readonly CorpusClip[], groups: readonly FeatureGroup[], tensors: DatasetTensors): ClipMatrix[] {
  return clips.map((c) => standardize(selectGroups(c.features, groups), tensors.standardizer));
}

function segmentTensor(segments: Segments, protocol: SegmentProtocol, nFeatures: number): Tensor {
  return new Tensor(segments.x, [segments.count, protocol.frames, nFeatures]);
}

/**
 * Segment training with clip-level voting. Per epoch: draw the training segments (augmented from
 * the model's Rng, see the file header), run one epoch of `fit` (or of `mixupEpoch` when the
 * protocol mixes) on them, then score the validation
 * clips by vote. Validation and test loss are clip-level: mean −ln of the voted probability of the
 * true label (no weight penalties).
 */
export function segmentData(corpus: Corpus, tensors: DatasetTensors, protocol: SegmentProtocol): RunData {
  const nClasses = corpus.labels.length;
  const clips = (part: 'train' | 'valid' | 'test') => standardizedClips(corpus.split[part], tensors.groups, tensors);
  const train = clips('train');
  const trainLabels = tensors.train.y;
  const gain = { response: gainResponse(tensors.featureNames), standardizer: tensors.standardizer };
  const valid = tensors.valid.n > 0 ? gridSegments(clips('valid'), tensors.valid.y, protocol) : null;
  const test = gridSegments(clips('test'), tensors.test.y, protocol);

  const vote = (model: Sequential, segments: Segments, labels: Int32Array, batchSize: number) => {
    const probabilities = model.predict(segmentTensor(segments, protocol, tensors.nFeatures), { batchSize }).data;
    return voteMetrics(averageByClip(probabilities, segments.clip, labels.length, nClasses), labels, nClasses);
  };

  return {
    fit: (model, { epochs, batchSize, signal, onBatchEnd, onEpochEnd }) => {
      const history: History = { epochs: [], stopped: null };
      for (let epoch = model.epoch; epoch < epochs; epoch++) {
        const start = performance.now();
        const segments = trainingSegments(train, trainLabels, protocol, gain, model.rng);
        const x = segmentTensor(segments, protocol, tensors.nFeatures);
        let trained: EpochLog | null;
        try {
          if (protocol.mixupAlpha > 0) {
            trained = mixupEpoch(model, x, segments.y, nClasses, { alpha: protocol.mixupAlpha, batchSize, signal, onBatchEnd });
          } else {
            const result = model.fit(x, Array.from(segments.y), { epochs: epoch + 1, batchSize, signal, onBatchEnd });
            trained = result.stopped === 'signal' ? null : result.epochs[0];
          }
        } catch (err) {
          if (err instanceof NonFiniteLossError) throw new NonFiniteLossError(`${err.message} (epoch ${epoch + 1} of ${epochs})`, { cause: err });
          throw err;
        }
        if (trained === null) return { ...history, stopped: 'signal' };
        const log: EpochLog = { ...trained };
        if (valid !== null) {
          const v = vote(model, valid, tensors.valid.y, batchSize);
          log.valLoss = v.loss;
          log.valAccuracy = v.accuracy;
        }
        log.seconds = (performance.now() - start) / 1000;
        history.epochs.push(log);
        onEpochEnd(log);
      }
      return history;
    },
    test: (model, batchSize) => vote(model, test, tensors.test.y, batchSize),
  };
}

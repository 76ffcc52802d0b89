export { activate, type Activation } from './activation.js';
export { AttentionPooling1D, type AttentionPooling1DOptions } from './attention-pooling1d.js';
export { BatchNormalization, type BatchNormalizationOptions } from './batchnorm.js';
export { Conv1D, type Conv1DOptions } from './conv1d.js';
export { Dense, type DenseOptions } from './dense.js';
export { Ensemble, type Predictor } from './ensemble.js';
export { Dropout, dropoutKeep, type DropoutCallOptions, type DropoutOptions } from './dropout.js';
export { Flatten } from './flatten.js';
export { GlobalAveragePooling1D } from './globalavgpool1d.js';
export { STATS_EPSILON, StatsPooling1D } from './stats-pooling1d.js';
export { computeFans, glorotUniform, ones, orthogonal, zeros } from './init.js';
export { Layer, formatSpec, type BuildOptions, type CallOptions, type LayerConfig, type LayerOptions, type Param, type ShapeSpec } from './layer.js';
export { EPSILON, Regularizer, clip, countCorrect, crossEntropyFromProbabilities, l1, l2, oneHot, softTargetCrossEntropy, softmaxCrossEntropy, type Labels, type RegularizerConfig } from './loss.js';
export { LSTM, type LSTMCallOptions, type LSTMMasks, type LSTMOptions } from './lstm.js';
export { MaxPool1D, type MaxPool1DOptions } from './maxpool1d.js';
export { attentionCnn, attentionLstm } from './models/attention.js';
export { N_CLASSES, type ModelOptions } from './models/blocks.js';
export { crnn } from './models/crnn.js';
export { paperCnn, paperLstm, type PaperCnnOptions, type PaperLstmOptions } from './models/paper.js';
export { statsMlp } from './models/stats.js';
export { Adam, globalGradientNorm, type AdamConfig, type AdamState } from './optim/adam.js';
export { layerFromConfig } from './registry.js';
export { crc32 } from './crc32.js';
export { MODEL_FORMAT, MODEL_FORMAT_VERSION, decodeModel, encodeModel, modelFromTensors, modelTensors, parseJson, type SaveOptions } from './serialize.js';
export { sha256, sha256Hex } from './sha256.js';
export { decodeTensorFile, encodeTensorFile, TensorFileError, type NamedTensor, type TensorFile } from './tensor-file.js';
export { Sequential, type EvaluateResult, type FitOptions, type ModelOutput, type SequentialConfig, type SequentialOptions, type TrainingState } from './sequential.js';
export {
  NonFiniteLossError,
  labelledSamples,
  train,
  trainStep,
  type Batch,
  type BatchLog,
  type Epoch,
  type EpochLog,
  type EpochSource,
  type History,
  type StepPosition,
  type StepResult,
  type TrainOptions,
} from './train.js';
export { median, sliceClips, syntheticClips, timeEpochs, type Clips, type EpochTimes, type TimeEpochsOptions } from './timing.js';

/**
 * tunegrad's package entry (`import … from 'tunegrad'`): classify audio by genre, decode it and
 * compute its librosa-exact features. Everything else (the engine, the layers, the training
 * pipeline) is `tunegrad/internals`, the `src/index.ts` that the commands in `bench/` use.
 */
export { Classifier } from './gtzan/classify/classifier.js';
export type { Classification, ClassifierContents, ClassifyOptions, InputProtocol, LabelledProbability, Provenance, TimelineEntry } from './gtzan/classify/classifier.js';
export { decodeClassifier, encodeClassifier } from './gtzan/classify/classifier-file.js';
export { ClassifyError, DEFAULT_CLASSIFIER, FileClassifier, loadClassifier } from './gtzan/classify/load-classifier.js';
export { AudioDecodeError, decodeAudio, decodeMonoPcm, TARGET_SAMPLE_RATE } from './dsp/decode.js';
export type { DecodedAudio, MonoAudio } from './dsp/decode.js';
export { readAudioFile } from './dsp/read-audio-file.js';
export { resample } from './dsp/resample.js';
export { ALL_FEATURE_GROUPS, allFeatures, DEFAULT_GROUPS, featureCount, frameFeatures } from './dsp/features.js';
export type { AllFeatures, FeatureGroup, FrameFeatures } from './dsp/features.js';
export { TensorFileError } from './nn/tensor-file.js';

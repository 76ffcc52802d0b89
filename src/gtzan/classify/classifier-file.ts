/**
 * The classifier file (`.tgc`): a `Classifier` as one tensor file (`nn/tensor-file.ts`, the
 * safetensors layout with a SHA-256 over the whole file), so Python opens its weights and
 * standardiser with `safetensors` and any edit or truncation is refused.
 *
 * Metadata (JSON strings): `format` "tunegrad.classifier", `version` CLASSIFIER_FORMAT_VERSION,
 * `classifier` {labels, groups, featureNames, dsp, protocol, clipFrames, batchSize, provenance},
 * `model` the `SequentialConfig` (an ensemble's members share it), and for an ensemble `members`, the
 * number of its networks (≥ 2). Tensors: `standardizer/mean` and `standardizer/std` (F64, one per
 * feature column) and the weights as `model/<layer>/<weight>`, or for an ensemble member m as
 * `model/<m>/<layer>/<weight>`.
 * Decoding checks, beyond the container's checks: the labels (distinct, as many as the model's
 * outputs), the groups (known, their column count equal to the standardiser's and the model's
 * input width), the DSP settings (the ones this build computes), the protocol's frame counts, an
 * ensemble's member count, and every weight's name, shape and dtype (`modelFromTensors`).
 */
import { TARGET_SAMPLE_RATE } from '../../dsp/decode.js';
import { ALL_FEATURE_GROUPS, type FeatureGroup } from '../../dsp/features.js';
import { decodeTensorFile, encodeTensorFile, Ensemble, modelFromTensors, modelTensors, parseJson, TensorFileError, type Predictor, type SequentialConfig, type TensorFile } from '../../nn/index.js';
import { Classifier, HOP_LENGTH, type ClassifierContents, type InputProtocol, type Provenance } from './classifier.js';

export const CLASSIFIER_FORMAT = 'tunegrad.classifier';
export const CLASSIFIER_FORMAT_VERSION = '1';

/** The DSP settings behind the features (librosa's defaults, which tunegrad's features fix). */
export const DSP_SETTINGS = { sampleRate: TARGET_SAMPLE_RATE, nFft: 2048, hopLength: HOP_LENGTH, nMels: 128, nMfcc: 20 } as const;

interface ClassifierMetadata {
  labels: string[];
  groups: FeatureGroup[];
  featureNames: string[];
  dsp: typeof DSP_SETTINGS;
  protocol: InputProtocol;
  clipFrames: number;
  batchSize: number;
  provenance: Provenance;
}

/** The file's bytes for `contents`. */
export function encodeClassifier(contents: ClassifierContents): Uint8Array {
  const { labels, groups, featureNames, protocol, clipFrames, batchSize, provenance, standardizer, model } = contents;
  const metadata: ClassifierMetadata = { labels, groups, featureNames, dsp: DSP_SETTINGS, protocol, clipFrames, batchSize, provenance };
  const header: Record<string, string> = { format: CLASSIFIER_FORMAT, version: CLASSIFIER_FORMAT_VERSION, classifier: JSON.stringify(metadata), model: JSON.stringify(model.getConfig()) };
  if (model instanceof Ensemble) header.members = String(model.members.length);
  const weights = model instanceof Ensemble ? model.members.flatMap((member, m) => modelTensors(member, `model/${m}/`)) : modelTensors(model, 'model/');
  return encodeTensorFile(header, [
    { name: 'standardizer/mean', shape: [standardizer.mean.length], data: standardizer.mean },
    { name: 'standardizer/std', shape: [standardizer.std.length], data: standardizer.std },
    ...weights,
  ]);
}

/** The classifier in `encodeClassifier`'s bytes; a `TensorFileError` (one line, without the file name) says what is wrong. */
export function decodeClassifier(bytes: Uint8Array): Classifier {
  const file = decodeTensorFile(bytes);
  const { metadata } = file;
  if (metadata.format !== CLASSIFIER_FORMAT) {
    const hint = metadata.format === 'tunegrad.model' ? ' (a model file holds weights only; node bench/train.js writes classifier.tgc beside it)' : '';
    throw new TensorFileError(`${metadata.format === undefined ? 'not a tunegrad file' : `holds a ${metadata.format}`}, not a classifier (${CLASSIFIER_FORMAT})${hint}`);
  }
  if (metadata.version !== CLASSIFIER_FORMAT_VERSION) throw new TensorFileError(`classifier format version ${metadata.version} (this build reads version ${CLASSIFIER_FORMAT_VERSION})`);
  const info = checkMetadata(parseJson<unknown>(metadata.classifier, 'classifier'));
  const column = (name: string) => {
    const entry = file.tensors.get(name);
    if (entry === undefined || entry.dtype !== 'float64' || entry.shape.length !== 1 || entry.shape[0] !== info.featureNames.length) {
      throw new TensorFileError(`tensor '${name}' must be float64[${info.featureNames.length}] (one per feature column)`);
    }
    return entry.data as Float64Array;
  };
  const standardizer = { mean: column('standardizer/mean'), std: column('standardizer/std') };
  const bad = standardizer.std.findIndex((s) => s < 0);
  if (bad >= 0) throw new TensorFileError(`tensor 'standardizer/std' holds a negative deviation at index ${bad}`);
  const expected = new Set(['standardizer/mean', 'standardizer/std']);
  const model = readModel(file, parseJson<SequentialConfig>(metadata.model, 'model'), metadata.members, expected);
  const extra = [...file.tensors.keys()].find((name) => !expected.has(name));
  if (extra !== undefined) throw new TensorFileError(`tensor '${extra}' belongs to nothing in the classifier`);
  const input = model.getConfig().inputShape ?? [];
  if (input[input.length - 1] !== info.featureNames.length) throw new TensorFileError(`the model reads ${input[input.length - 1]} features per frame, the classifier computes ${info.featureNames.length}`);
  const output = model.outputShape;
  if (output[output.length - 1] !== info.labels.length) throw new TensorFileError(`the model has ${output[output.length - 1]} outputs for ${info.labels.length} labels`);
  const { labels, groups, featureNames, protocol, clipFrames, batchSize, provenance } = info;
  return new Classifier({ labels, groups, featureNames, standardizer, protocol, clipFrames, batchSize, model, provenance });
}

/** The network, or with `members` (the metadata's count) the ensemble, whose weights are under `model/`. */
function readModel(file: TensorFile, config: SequentialConfig, members: string | undefined, expected: Set<string>): Predictor {
  if (members === undefined) return modelFromTensors(config, file, 'model/', expected);
  const count = Number(members);
  if (!/^[0-9]+$/.test(members) || count < 2 || count > MAX_MEMBERS) throw new TensorFileError(`metadata "members" is ${JSON.stringify(members)}, not a count of networks from 2 to ${MAX_MEMBERS}`);
  return new Ensemble(Array.from({ length: count }, (_, m) => modelFromTensors(config, file, `model/${m}/`, expected)));
}

/** The most networks an ensemble file may declare (a guard against a count that would build millions). */
const MAX_MEMBERS = 1000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The classifier metadata, field by field (see the file header). */
function checkMetadata(value: unknown): ClassifierMetadata {
  const fail = (why: string): never => {
    throw new TensorFileError(`classifier metadata: ${why}`);
  };
  if (!isRecord(value)) return fail('not an object');
  const { labels, groups, featureNames, dsp, protocol, clipFrames, batchSize, provenance } = value;
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
  const positive = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
  if (!strings(labels) || labels.length < 2 || new Set(labels).size !== labels.length) fail(`labels ${JSON.stringify(labels)} are not two or more distinct names`);
  if (!strings(groups) || groups.length === 0 || !groups.every((g) => (ALL_FEATURE_GROUPS as readonly string[]).includes(g))) {
    fail(`groups ${JSON.stringify(groups)} are not feature groups of this build (${ALL_FEATURE_GROUPS.join(', ')})`);
  }
  if (!strings(featureNames) || featureNames.length === 0) fail('featureNames is not a list of names');
  if (!isRecord(dsp) || Object.entries(DSP_SETTINGS).some(([k, v]) => dsp[k] !== v)) fail(`dsp settings ${JSON.stringify(dsp)} differ from the ones this build computes (${JSON.stringify(DSP_SETTINGS)})`);
  if (!isRecord(protocol)) return fail('protocol is not an object');
  if (protocol.kind === 'whole-clip') {
    if (!positive(protocol.timesteps)) fail(`protocol timesteps ${JSON.stringify(protocol.timesteps)} is not a positive integer`);
  } else if (protocol.kind === 'segments') {
    if (!positive(protocol.frames) || !positive(protocol.hop) || protocol.vote !== 'mean-probability') fail(`segment protocol ${JSON.stringify(protocol)} needs positive frames and hop and vote "mean-probability"`);
  } else {
    fail(`protocol kind ${JSON.stringify(protocol.kind)} is not "whole-clip" or "segments"`);
  }
  if (!positive(clipFrames)) fail(`clipFrames ${JSON.stringify(clipFrames)} is not a positive integer`);
  if (!positive(batchSize)) fail(`batchSize ${JSON.stringify(batchSize)} is not a positive integer`);
  if (!isRecord(provenance) || typeof provenance.modelName !== 'string') fail('provenance is not an object naming its model');
  return value as unknown as ClassifierMetadata;
}

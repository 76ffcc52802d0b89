/**
 * The model file: a `Sequential` — architecture, weights and optionally the training state (Adam's
 * moments and step, the Rng state, the epoch counter) — as a tensor file (`tensor-file.ts`: the
 * safetensors layout with a SHA-256 over the whole file) that round-trips every value exactly.
 *
 * Metadata (JSON strings): `format` "tunegrad.model", `version` MODEL_FORMAT_VERSION, `model` the
 * `SequentialConfig`, `optimizer` the `AdamConfig`, and with the training state `training`
 * {epoch, epochs?, rng, iterations}. Tensors: the weights as `<layer>/<weight>` (`getWeights`
 * order), then Adam's moments as `optimizer/m/<k>` and `optimizer/v/<k>`.
 * Decoding checks, beyond the container's checks, that the configuration builds a model whose every
 * weight is in the file with its shape and dtype (and nothing else is), that the optimizer's
 * settings and the training state are in range, and that a stored epoch is at most the run's epochs.
 * This file turns models into bytes and back; writing and reading the files is src/gtzan/files.ts's.
 * `modelTensors` and `modelFromTensors` are shared with the classifier file, which embeds a model.
 */
import type { Data, DType } from '../autograd/index.js';
import { Adam, type AdamConfig } from './optim/adam.js';
import { Sequential, type SequentialConfig } from './sequential.js';
import { decodeTensorFile, encodeTensorFile, TensorFileError, type NamedTensor, type TensorFile } from './tensor-file.js';

export const MODEL_FORMAT = 'tunegrad.model';
export const MODEL_FORMAT_VERSION = '2';

export interface SaveOptions {
  /** Also store the optimizer state, the Rng state and the epoch counter, to resume training. Default false. */
  trainingState?: boolean;
  /** The run's total epochs, stored with the training state so that a loaded epoch counter can be checked against it. */
  epochs?: number;
}

interface TrainingMetadata {
  epoch: number;
  epochs?: number;
  /** `Rng.state()`, with the cached normal (NaN when absent) written as null. */
  rng: (number | null)[];
  /** Adam's step count; its moments are the `optimizer/m/k` and `optimizer/v/k` tensors. */
  iterations: number;
}

/** The model's weights as named tensors `<prefix><layer>/<weight>`, in `getWeights` order. */
export function modelTensors(model: Sequential, prefix = ''): NamedTensor[] {
  return model.layers.flatMap((layer) => layer.allParams.map((p) => ({ name: `${prefix}${layer.name}/${p.name}`, shape: p.value.shape, data: p.value.data })));
}

/** The file's bytes for `model` (which must be built). */
export function encodeModel(model: Sequential, options: SaveOptions = {}): Uint8Array {
  if (!model.built) throw new Error(`encodeModel: model '${model.name}' is not built (nothing to save)`);
  const tensors = modelTensors(model);
  const metadata: Record<string, string> = {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    model: JSON.stringify(model.getConfig()),
    optimizer: JSON.stringify(model.optimizer.config),
  };
  if (options.trainingState) {
    const state = model.exportState();
    const shapes = model.weights.map((w) => w.shape);
    state.optimizer.state.m.forEach((data, k) => tensors.push({ name: `optimizer/m/${k}`, shape: shapes[k], data }));
    state.optimizer.state.v.forEach((data, k) => tensors.push({ name: `optimizer/v/${k}`, shape: shapes[k], data }));
    const training: TrainingMetadata = {
      epoch: state.epoch,
      ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
      rng: state.rng.map((v) => (Number.isNaN(v) ? null : v)),
      iterations: state.optimizer.state.iterations,
    };
    metadata.training = JSON.stringify(training);
  }
  return encodeTensorFile(metadata, tensors);
}

/** Rebuild the model (and its training state, when the file holds one) from `encodeModel`'s bytes; a `TensorFileError` says what is wrong. */
export function decodeModel(bytes: Uint8Array): Sequential {
  let file: TensorFile;
  try {
    file = decodeTensorFile(bytes);
  } catch (err) {
    if (err instanceof TensorFileError && err.legacy) {
      throw new TensorFileError(`${err.message}; train the model again with node bench/train.js to get a file in the current format`);
    }
    throw err;
  }
  const { metadata } = file;
  if (metadata.format !== MODEL_FORMAT) {
    throw new TensorFileError(metadata.format === undefined ? 'not a tunegrad model file (no "format" in its metadata)' : `holds a ${metadata.format}, not a model (${MODEL_FORMAT})`);
  }
  if (metadata.version !== MODEL_FORMAT_VERSION) throw new TensorFileError(`model format version ${metadata.version} (this build reads version ${MODEL_FORMAT_VERSION})`);
  const expected = new Set<string>();
  const model = modelFromTensors(parseJson<SequentialConfig>(metadata.model, 'model'), file, '', expected);
  model.optimizer = new Adam(adamConfig(parseJson<unknown>(metadata.optimizer, 'optimizer')));
  if (metadata.training !== undefined) {
    const { epoch, rng, iterations } = trainingMetadata(parseJson<unknown>(metadata.training, 'training'));
    const moments = (which: 'm' | 'v') =>
      file.tensors.has(`optimizer/${which}/0`) ? model.weights.map((w, k) => requireTensor(file, `optimizer/${which}/${k}`, w.shape, w.dtype, expected)) : [];
    model.importState({
      epoch,
      rng: rng.map((v) => (v === null ? Number.NaN : v)),
      weights: model.getWeights(),
      optimizer: { config: model.optimizer.config, state: { iterations, m: moments('m'), v: moments('v') } },
    });
  }
  const extra = [...file.tensors.keys()].find((name) => !expected.has(name));
  if (extra !== undefined) throw new TensorFileError(`tensor '${extra}' belongs to no weight of the model`);
  return model;
}

/**
 * The model of `config` with its weights read from `file`'s tensors `<prefix><layer>/<weight>`
 * (each name is added to `expected`); a missing tensor, a wrong shape or dtype, or a configuration
 * that does not build is a `TensorFileError`.
 */
export function modelFromTensors(config: SequentialConfig, file: TensorFile, prefix: string, expected: Set<string>): Sequential {
  let model: Sequential;
  try {
    model = Sequential.fromConfig(config);
  } catch (err) {
    throw new TensorFileError(`the model configuration does not build a model (${(err as Error).message})`);
  }
  if (!model.built) throw new TensorFileError('the model configuration has no input shape, so its weights cannot be placed');
  const weights = model.layers.flatMap((layer) => layer.allParams.map((p) => requireTensor(file, `${prefix}${layer.name}/${p.name}`, p.value.shape, p.value.dtype, expected)));
  model.setWeights(weights);
  return model;
}

function requireTensor(file: TensorFile, name: string, shape: readonly number[], dtype: DType, expected: Set<string>): Data {
  const entry = file.tensors.get(name);
  if (entry === undefined) throw new TensorFileError(`tensor '${name}' is missing from the file`);
  if (entry.dtype !== dtype || entry.shape.length !== shape.length || entry.shape.some((d, i) => d !== shape[i])) {
    throw new TensorFileError(`tensor '${name}' is ${entry.dtype}[${entry.shape.join(', ')}], the model expects ${dtype}[${shape.join(', ')}]`);
  }
  expected.add(name);
  return entry.data;
}

/** `JSON.parse` of a metadata entry, or a `TensorFileError` naming it. */
export function parseJson<T>(text: string | undefined, key: string): T {
  if (text === undefined) throw new TensorFileError(`metadata "${key}" is missing`);
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new TensorFileError(`metadata "${key}" is not valid JSON (${(err as Error).message})`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Adam's settings, each checked: 0 < learningRate, 0 <= beta1, beta2 < 1, 0 < epsilon, clipNorm null or > 0. */
function adamConfig(value: unknown): AdamConfig {
  if (!isRecord(value)) throw new TensorFileError('metadata "optimizer" is not an object');
  const finite = (key: string, ok: (v: number) => boolean, range: string): number => {
    const v = value[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) throw new TensorFileError(`optimizer ${key} ${JSON.stringify(v)} is not a number ${range}`);
    return v;
  };
  const clipNorm = value.clipNorm === null ? null : finite('clipNorm', (v) => v > 0, '> 0 (or null)');
  return {
    learningRate: finite('learningRate', (v) => v > 0, '> 0'),
    beta1: finite('beta1', (v) => v >= 0 && v < 1, 'in [0, 1)'),
    beta2: finite('beta2', (v) => v >= 0 && v < 1, 'in [0, 1)'),
    epsilon: finite('epsilon', (v) => v > 0, '> 0'),
    clipNorm,
  };
}

/** The training state's counters, each checked: integers, epoch <= epochs, the Rng's four 32-bit words (signed or not: xoshiro's XORs leave either) and its cached normal. */
function trainingMetadata(value: unknown): TrainingMetadata {
  if (!isRecord(value)) throw new TensorFileError('metadata "training" is not an object');
  const count = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  const { epoch, epochs, rng, iterations } = value;
  if (!count(epoch)) throw new TensorFileError(`training epoch ${JSON.stringify(epoch)} is not a non-negative integer`);
  if (epochs !== undefined && !(count(epochs) && epoch <= epochs)) throw new TensorFileError(`training epoch ${epoch} is not within the run's ${JSON.stringify(epochs)} epochs`);
  if (!count(iterations)) throw new TensorFileError(`training iterations ${JSON.stringify(iterations)} is not a non-negative integer`);
  const word = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 32;
  if (!Array.isArray(rng) || rng.length !== 5 || !rng.slice(0, 4).every(word) || !(rng[4] === null || (typeof rng[4] === 'number' && Number.isFinite(rng[4])))) {
    throw new TensorFileError(`training rng ${JSON.stringify(rng)} is not four 32-bit words and a cached normal (or null)`);
  }
  return { epoch, ...(epochs === undefined ? {} : { epochs: epochs as number }), rng: rng as (number | null)[], iterations };
}

/**
 * Classifiers from files, and files classified (Node): `loadClassifier(path)` reads a `.tgc` file
 * (the shipped default, `models/default.tgc`, when no path is given) and returns a classifier that
 * also classifies audio files by path. Errors are one line naming the file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AudioDecodeError, decodeMonoPcm } from '../../dsp/index.js';
import { TensorFileError } from '../../nn/index.js';
import { fsErrorReason } from '../data/readable-file.js';
import { Classifier, type Classification, type ClassifyOptions } from './classifier.js';
import { decodeClassifier } from './classifier-file.js';

/** The classifier that ships with tunegrad (trained by `npm run train-default`, see README). */
export const DEFAULT_CLASSIFIER = fileURLToPath(new URL('../../../models/default.tgc', import.meta.url));

/** Why a file could not be classified, or a classifier file could not be read; the message is `${file}: ${reason}`. */
export class ClassifyError extends Error {
  readonly file: string;
  readonly reason: string;

  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'ClassifyError';
    this.file = file;
    this.reason = reason;
  }
}

/** A `Classifier` that also reads audio files. */
export class FileClassifier extends Classifier {
  /** Where the classifier was read from. */
  readonly path: string;

  constructor(classifier: Classifier, path: string) {
    super(classifier.contents);
    this.path = path;
  }

  /**
   * Decode `file` (WAV, AIFF, .au; any rate and channel count) to mono at its own rate and classify
   * it (long audio window by window, see `Classifier.classify`); a `ClassifyError` names the file.
   */
  classifyFile(file: string, options: ClassifyOptions = {}): Classification & { file: string } {
    try {
      const audio = decodeMonoPcm(readBytes(file), file);
      return { file, ...this.classify(audio.samples, audio.sampleRate, options) };
    } catch (err) {
      if (err instanceof AudioDecodeError) throw new ClassifyError(err.file, err.reason);
      if (err instanceof ClassifyError) throw err;
      throw new ClassifyError(file, (err as Error).message);
    }
  }
}

/** Read the classifier file at `path` (default: the shipped one); a damaged or foreign file is a `ClassifyError` naming it. */
export function loadClassifier(path: string = DEFAULT_CLASSIFIER): FileClassifier {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const missingDefault = path === DEFAULT_CLASSIFIER && (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ClassifyError(path, missingDefault ? 'the default classifier is missing (reinstall tunegrad, or pass --model)' : fsErrorReason(err));
  }
  try {
    return new FileClassifier(decodeClassifier(bytes), path);
  } catch (err) {
    if (err instanceof TensorFileError) throw new ClassifyError(path, err.message);
    throw err;
  }
}

/** The bytes of an audio file, or a `ClassifyError` naming it. */
function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new ClassifyError(file, fsErrorReason(err));
  }
}

/**
 * The one place that writes the pipeline's files, and reads back the ones it wrote: results,
 * settings and run records (JSON), pictures and tables (text), checkpoints and model files
 * (`nn/serialize.ts` makes their bytes), feature-cache entries and `.npz` exports.
 *
 * Every write is atomic: the bytes go to a temporary file in the same folder
 * (`.<name>.<pid>-<thread>-<random>.tmp`, unique across processes and worker threads), are
 * fsynced, the temporary file is renamed over the target and the folder is fsynced (so the rename
 * itself survives a power cut), so a reader or a crash sees the old file or the new one, never half
 * of one. A failed write removes its temporary file; one a killed process left behind is removed by
 * `removeStaleTemporaries` when an experiment (re)starts in the folder.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { decodeModel, encodeModel, TensorFileError, type SaveOptions, type Sequential } from '../nn/index.js';

/** Write `data` (bytes, or text as UTF-8) to `path` atomically (see the file header). */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}-${threadId}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'w');
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    syncFolder(dirname(path));
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** fsync a folder, making the renames in it durable (a no-op where folders cannot be opened, as on Windows). */
function syncFolder(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The names `writeFileAtomic` gives its temporary files. */
const TEMPORARY = /^\..+\.\d+-\d+-[0-9a-f]{8}\.tmp$/;

/** Remove the temporary files of atomic writes that a killed process left in `dir`; returns their names. */
export function removeStaleTemporaries(dir: string): string[] {
  const stale = readdirSync(dir).filter((name) => TEMPORARY.test(name));
  for (const name of stale) rmSync(join(dir, name), { force: true });
  return stale;
}

/** `value` as JSON (one-space indent, final newline), written atomically. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 1)}\n`);
}

/** The JSON in `path`, as written by `writeJsonAtomic` (trusted to have the shape `T`). */
export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Write `model` to `path` atomically in the model file format (`encodeModel`). */
export function saveModel(path: string, model: Sequential, options: SaveOptions = {}): void {
  writeFileAtomic(path, encodeModel(model, options));
}

/**
 * Read a model file written by `saveModel`; a damaged or foreign file is a `TensorFileError`
 * whose message is `<path>: <what is wrong>` (`decodeModel`).
 */
export function loadModel(path: string): Sequential {
  const bytes = readFileSync(path);
  try {
    return decodeModel(bytes);
  } catch (err) {
    if (err instanceof TensorFileError) throw new TensorFileError(`${path}: ${err.message}`);
    throw err;
  }
}

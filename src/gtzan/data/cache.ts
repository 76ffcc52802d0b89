/**
 * On-disk cache of per-clip feature matrices, so a clip's features are computed once.
 *
 * An entry lives at `DIR/<key[0:2]>/<key>.tgf`, where the key is a sha256 over the clip's content
 * hash, the feature settings and `CACHE_FORMAT_VERSION`. Each entry checks itself:
 *
 * ```
 * offset  size  field
 *      0     4  magic "TGFC"
 *      4     4  format version, u32 LE
 *      8     4  rows (frames), u32 LE
 *     12     4  cols (features), u32 LE
 *     16     4  byte length M of the metadata JSON, u32 LE
 *     20    32  sha256 of bytes 52.. (metadata and payload)
 *     52     M  metadata JSON, UTF-8: { key, meta }
 *   52+M  4·R·C payload, float32 LE, row-major [rows, cols]
 * ```
 *
 * A wrong magic, version, length, checksum or key makes the entry corrupt: the caller recomputes
 * and rewrites it, never trusting it. So does an entry that is a folder, or a shard folder that is
 * a file: the write removes what is in the way. Writes are atomic (`files.ts`), so a reader never
 * sees half an entry. A cache folder that cannot be used at all (`cacheFolderProblem`: a file,
 * unreadable, unwritable) is left alone and the caller computes without it.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../files.js';
import { fsErrorReason } from './readable-file.js';

/** Bump when the entry layout or the meaning of cached features changes. */
export const CACHE_FORMAT_VERSION = 1;
/** Cache folder used unless the caller picks another (git-ignored). */
export const DEFAULT_CACHE_DIR = join('.cache', 'features');

const MAGIC = 'TGFC';
const HEADER_BYTES = 52;

/** A matrix and the JSON metadata stored with it. */
export interface CacheEntry<Meta> {
  rows: number;
  cols: number;
  /** Row-major [rows, cols]. */
  data: Float32Array;
  meta: Meta;
}

/** The result of a lookup: a verified entry, nothing, or a damaged entry and what is wrong with it. */
export type CacheLookup<Meta> = { status: 'hit'; entry: CacheEntry<Meta> } | { status: 'miss' } | { status: 'corrupt'; reason: string };

/** Key of an entry: sha256 hex of the format version, the content hash and the settings (as JSON). */
export function cacheKey(contentSha256: string, settings: unknown): string {
  return createHash('sha256').update(JSON.stringify({ version: CACHE_FORMAT_VERSION, content: contentSha256, settings })).digest('hex');
}

/** File that holds the entry for `key` under `dir`. */
export function cachePath(dir: string, key: string): string {
  return join(dir, key.slice(0, 2), `${key}.tgf`);
}

/** Serialise an entry in the layout of the file header. */
export function encodeCacheEntry<Meta>(key: string, entry: CacheEntry<Meta>): Buffer {
  const { rows, cols, data } = entry;
  if (data.length !== rows * cols) throw new Error(`cache entry ${key}: ${data.length} values do not make a ${rows}×${cols} matrix`);
  const metaBytes = Buffer.from(JSON.stringify({ key, meta: entry.meta }), 'utf8');
  const out = Buffer.alloc(HEADER_BYTES + metaBytes.length + 4 * data.length);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(CACHE_FORMAT_VERSION, 4);
  out.writeUInt32LE(rows, 8);
  out.writeUInt32LE(cols, 12);
  out.writeUInt32LE(metaBytes.length, 16);
  metaBytes.copy(out, HEADER_BYTES);
  const payload = new DataView(out.buffer, out.byteOffset + HEADER_BYTES + metaBytes.length, 4 * data.length);
  for (let i = 0; i < data.length; i++) payload.setFloat32(4 * i, data[i], true);
  createHash('sha256').update(out.subarray(HEADER_BYTES)).digest().copy(out, 20);
  return out;
}

/** Parse and verify an entry; throws an error saying what is wrong when it is damaged or not for `key`. */
export function decodeCacheEntry<Meta>(key: string, bytes: Buffer): CacheEntry<Meta> {
  if (bytes.length < HEADER_BYTES) throw new Error(`truncated header (${bytes.length} bytes)`);
  if (bytes.toString('latin1', 0, 4) !== MAGIC) throw new Error('bad magic');
  const version = bytes.readUInt32LE(4);
  if (version !== CACHE_FORMAT_VERSION) throw new Error(`format version ${version}, expected ${CACHE_FORMAT_VERSION}`);
  const rows = bytes.readUInt32LE(8);
  const cols = bytes.readUInt32LE(12);
  const metaLength = bytes.readUInt32LE(16);
  const expectedLength = HEADER_BYTES + metaLength + 4 * rows * cols;
  if (bytes.length !== expectedLength) throw new Error(`length ${bytes.length} bytes, header implies ${expectedLength}`);
  const checksum = createHash('sha256').update(bytes.subarray(HEADER_BYTES)).digest();
  if (!checksum.equals(bytes.subarray(20, HEADER_BYTES))) throw new Error('checksum mismatch');
  const stored = JSON.parse(bytes.toString('utf8', HEADER_BYTES, HEADER_BYTES + metaLength)) as { key: string; meta: Meta };
  if (stored.key !== key) throw new Error(`entry is for key ${stored.key}`);
  const payload = new DataView(bytes.buffer, bytes.byteOffset + HEADER_BYTES + metaLength, 4 * rows * cols);
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = payload.getFloat32(4 * i, true);
  return { rows, cols, data, meta: stored.meta };
}

/**
 * Null when `dir` is (or can be made) a folder this process can read, write and enter; else why
 * not, e.g. `is a file, not a folder` or `permission denied (EACCES)`.
 */
export function cacheFolderProblem(dir: string): string | null {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) return 'is a file, not a folder';
    accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return 'is a file, not a folder';
    if (code === 'ENOTDIR') return 'a part of its path is a file, not a folder';
    return fsErrorReason(err);
  }
}

/**
 * Look `key` up under `dir`: a verified entry, a miss, or a corrupt entry with the reason (an
 * entry that is a folder, a shard folder that is a file, damaged bytes). Other read errors throw.
 */
export function readCacheEntry<Meta>(dir: string, key: string): CacheLookup<Meta> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(cachePath(dir, key));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { status: 'miss' };
    if (code === 'EISDIR') return { status: 'corrupt', reason: 'the entry is a folder' };
    if (code === 'ENOTDIR') return { status: 'corrupt', reason: `its shard folder ${key.slice(0, 2)} is a file` };
    throw err;
  }
  try {
    return { status: 'hit', entry: decodeCacheEntry<Meta>(key, bytes) };
  } catch (err) {
    return { status: 'corrupt', reason: (err as Error).message };
  }
}

/**
 * Write the entry for `key` atomically (`writeFileAtomic`), creating its shard folder; a file where
 * the shard folder belongs, or a folder where the entry belongs, is removed first.
 */
export function writeCacheEntry<Meta>(dir: string, key: string, entry: CacheEntry<Meta>): void {
  const path = cachePath(dir, key);
  const shard = dirname(path);
  if (isKind(shard, 'file')) rmSync(shard);
  mkdirSync(shard, { recursive: true });
  if (isKind(path, 'folder')) rmSync(path, { recursive: true });
  writeFileAtomic(path, encodeCacheEntry(key, entry));
}

function isKind(path: string, kind: 'file' | 'folder'): boolean {
  try {
    const stats = statSync(path);
    return kind === 'folder' ? stats.isDirectory() : !stats.isDirectory();
  } catch {
    return false;
  }
}

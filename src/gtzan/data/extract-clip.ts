/**
 * The per-clip step of feature extraction, shared by the worker threads and the in-process path:
 * check that the file can be read (`readable-file.ts`), hash the clip's content, return its cached
 * frame matrix if a sound entry exists, otherwise decode it, compute every feature group once, and
 * cache the result.
 *
 * A clip is skipped with its reason, never ending the batch, when the file system refuses it, the
 * decoder does, or its features are not all finite (finite samples of huge size, e.g. 1e30 in a
 * float WAV, overflow the float32 power spectrum into ∞ and NaN); non-finite features are never
 * cached. Cache trouble is never the clip's fault: an entry that cannot be read or written only
 * adds a warning (`cacheError`) and the features are computed without it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ALL_FEATURE_GROUPS, AudioDecodeError, frameFeatures, readAudioFile, type FrameFeatures } from '../../dsp/index.js';
import { cacheKey, readCacheEntry, writeCacheEntry } from './cache.js';
import { nonFiniteFeatures } from './finite-features.js';
import { fileProblem, fsErrorReason } from './readable-file.js';

/** A clip to extract: an audio file, or samples already in memory (the synthetic corpus). */
export type AudioSource = { name: string; path: string } | { name: string; samples: Float32Array; sampleRate: number };

/** A clip left out of the data set, and why (e.g. GTZAN's corrupt `jazz.00054`). */
export interface SkippedClip {
  file: string;
  reason: string;
}

/** One unit of work, as posted to a worker. */
export interface ExtractJob {
  id: number;
  source: AudioSource;
  /** Cache folder, or null to neither read nor write the cache. */
  cacheDir: string | null;
  /** Identifies the DSP's output (see `dspFingerprint`); part of every cache key. */
  fingerprint: string;
}

export type ExtractOutcome =
  | {
      id: number;
      kind: 'features';
      features: FrameFeatures;
      /** True when the features came from a sound cache entry. */
      cached: boolean;
      /** Why an existing cache entry was rejected and rewritten, if one was. */
      repaired?: string;
      /** Why the cache could not be written, if it could not (the features are still good). */
      cacheError?: string;
    }
  | { id: number; kind: 'skipped'; skipped: SkippedClip };

/** Metadata stored with a cached matrix. */
interface CachedMeta {
  names: string[];
  groups: FrameFeatures['groups'];
}

/** Content hash of a source: sha256 of the file's bytes, or of the sample rate and float32 samples. */
function contentSha256(source: AudioSource): string {
  const hash = createHash('sha256');
  if ('path' in source) return hash.update(readFileSync(source.path)).digest('hex');
  hash.update(`float32 mono ${source.sampleRate} Hz\n`);
  return hash.update(new Uint8Array(source.samples.buffer, source.samples.byteOffset, source.samples.byteLength)).digest('hex');
}

/** Feature settings that, with the content hash, determine a cached matrix. */
function featureSettings(fingerprint: string) {
  return { groups: ALL_FEATURE_GROUPS, dsp: fingerprint };
}

/** File-system errors that mean "this clip cannot be read" rather than a fault of the program. */
const UNREADABLE_CODES = new Set(['ENOENT', 'EACCES', 'EISDIR', 'EPERM', 'EIO', 'ELOOP', 'ENOTDIR', 'ENAMETOOLONG', 'ENXIO']);

/** Run one job (see the file header). Unreadable or undecodable clips become `skipped`; other errors throw. */
export function extractClip(job: ExtractJob): ExtractOutcome {
  const { id, source, cacheDir } = job;
  const file = 'path' in source ? source.path : source.name;
  const skip = (reason: string): ExtractOutcome => ({ id, kind: 'skipped', skipped: { file, reason } });
  if ('path' in source) {
    const problem = fileProblem(source.path);
    if (problem !== null) return skip(problem);
  }
  let key: string;
  try {
    key = cacheKey(contentSha256(source), featureSettings(job.fingerprint));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code && UNREADABLE_CODES.has(code)) return skip(`cannot read: ${fsErrorReason(err)}`);
    throw err;
  }
  let repaired: string | undefined;
  let cacheError: string | undefined;
  if (cacheDir !== null) {
    try {
      const lookup = readCacheEntry<CachedMeta>(cacheDir, key);
      if (lookup.status === 'hit') {
        const { rows, cols, data, meta } = lookup.entry;
        const features = { nFrames: rows, nFeatures: cols, names: meta.names, groups: meta.groups, data };
        const bad = nonFiniteFeatures(features);
        return bad === null ? { id, kind: 'features', cached: true, features } : skip(bad);
      }
      if (lookup.status === 'corrupt') repaired = lookup.reason;
    } catch (err) {
      cacheError = `cannot read the feature cache ${cacheDir}: ${fsErrorReason(err)}; computing without it`;
    }
  }
  let samples: Float32Array;
  let sampleRate: number;
  if ('path' in source) {
    try {
      ({ samples, sampleRate } = readAudioFile(source.path));
    } catch (err) {
      if (err instanceof AudioDecodeError) return { id, kind: 'skipped', skipped: { file: err.file, reason: err.reason } };
      throw err;
    }
  } else {
    ({ samples, sampleRate } = source);
  }
  const features = frameFeatures(samples, { sr: sampleRate, groups: [...ALL_FEATURE_GROUPS] });
  const bad = nonFiniteFeatures(features, samples);
  if (bad !== null) return skip(bad);
  if (cacheDir !== null && cacheError === undefined) {
    try {
      writeCacheEntry<CachedMeta>(cacheDir, key, { rows: features.nFrames, cols: features.nFeatures, data: features.data, meta: { names: features.names, groups: features.groups } });
    } catch (err) {
      cacheError = `cannot write the feature cache ${cacheDir}: ${fsErrorReason(err)}; computing without it`;
      repaired = undefined;
    }
  }
  return { id, kind: 'features', cached: false, features, repaired, cacheError };
}

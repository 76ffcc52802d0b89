/**
 * Feature extraction for a batch of clips: every feature group (`ALL_FEATURE_GROUPS`) is computed
 * once per clip by the DSP and cached on disk (`extract-clip.ts`, `cache.ts`); any subset of groups
 * is then taken by column ranges (`selectGroups` in `tensors.ts`), so a study of many feature
 * groups extracts once.
 *
 * Work is spread over worker threads, one per core (one per clip when there are fewer clips).
 * Workers need the compiled `feature-worker.js` beside this file (`dist/`); when running from
 * TypeScript sources (tsx) it is absent and the clips are processed in this thread instead.
 * Results do not depend on the number of workers: each clip is computed on its own and stored at
 * its own position.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ALL_FEATURE_GROUPS, frameFeatures, type FrameFeatures } from '../../dsp/index.js';
import { Rng } from '../../autograd/random.js';
import { cacheFolderProblem, DEFAULT_CACHE_DIR } from './cache.js';
import { extractClip, type AudioSource, type ExtractJob, type ExtractOutcome, type SkippedClip } from './extract-clip.js';

export interface ExtractOptions {
  /** Cache folder (default `.cache/features`); null disables the cache, and so does a folder that cannot be used (with a warning). */
  cacheDir?: string | null;
  /** Worker threads; default one per core; 0 runs in this thread. Capped at the number of clips. */
  workers?: number;
  /** Called with (0, total) before the first clip and after each clip with the number done. */
  onProgress?: (done: number, total: number) => void;
}

export interface ExtractionStats {
  clips: number;
  /** Clips whose features were computed (cache miss or repaired entry). */
  computed: number;
  /** Clips read from sound cache entries. */
  cached: number;
  /** Cache entries found damaged, recomputed and rewritten: `{ file, reason }`. */
  repaired: SkippedClip[];
  /** Problems with the cache, each once (extraction went on without it). */
  cacheWarnings: string[];
  /** Worker threads used (0: in this thread). */
  workers: number;
  seconds: number;
}

export interface ExtractionResult {
  /** One entry per source, in input order: all groups (`ALL_FEATURE_GROUPS`), or null when skipped. */
  features: (FrameFeatures | null)[];
  skipped: SkippedClip[];
  stats: ExtractionStats;
}

/** Compiled worker script beside this module; it exists when running from `dist/`. */
const WORKER_SCRIPT = new URL('./feature-worker.js', import.meta.url);

/** Whether worker threads are available (the compiled worker script exists beside this module). */
export function workersAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_SCRIPT));
}

/**
 * A hash of the DSP's output on a fixed probe signal (0.5 s of tones, a chirp and noise) with
 * every group. It is part of every cache key, so cached features are recomputed whenever the
 * feature code changes what it produces.
 */
export function dspFingerprint(): string {
  const sr = 22050;
  const rng = new Rng(20240601);
  const probe = new Float32Array(sr / 2);
  for (let i = 0; i < probe.length; i++) {
    const t = i / sr;
    probe[i] = 0.4 * Math.sin(2 * Math.PI * 440 * t) + 0.2 * Math.sin(2 * Math.PI * (200 + 3000 * t) * t) + 0.05 * (rng.next() - 0.5);
  }
  const f = frameFeatures(probe, { sr, groups: [...ALL_FEATURE_GROUPS] });
  const hash = createHash('sha256').update(JSON.stringify({ names: f.names, groups: f.groups, shape: [f.nFrames, f.nFeatures] }));
  return hash.update(new Uint8Array(f.data.buffer, f.data.byteOffset, f.data.byteLength)).digest('hex');
}

/** Compute (or read from the cache) all feature groups of every source; see the file header. */
export async function extractFeatures(sources: readonly AudioSource[], options: ExtractOptions = {}): Promise<ExtractionResult> {
  const started = performance.now();
  const requestedCache = options.cacheDir === undefined ? DEFAULT_CACHE_DIR : options.cacheDir;
  const cacheProblem = requestedCache === null ? null : cacheFolderProblem(requestedCache);
  const cacheDir = cacheProblem === null ? requestedCache : null;
  const requested = options.workers ?? availableParallelism();
  if (!(Number.isInteger(requested) && requested >= 0)) throw new Error(`workers must be a non-negative integer, got ${requested}`);
  const workers = workersAvailable() ? Math.min(requested, sources.length) : 0;
  const fingerprint = dspFingerprint();
  const jobs: ExtractJob[] = sources.map((source, id) => ({ id, source, cacheDir, fingerprint }));
  const outcomes: ExtractOutcome[] = new Array(jobs.length);
  let done = 0;
  options.onProgress?.(0, jobs.length);
  const record = (outcome: ExtractOutcome) => {
    outcomes[outcome.id] = outcome;
    options.onProgress?.(++done, jobs.length);
  };
  if (workers === 0) {
    for (const job of jobs) record(extractClip(job));
  } else {
    await runPool(jobs, workers, record);
  }
  const warnings = cacheProblem === null ? [] : [`the feature cache ${requestedCache} cannot be used (${cacheProblem}); computing every clip without it`];
  return collect(sources, outcomes, workers, warnings, (performance.now() - started) / 1000);
}

function collect(sources: readonly AudioSource[], outcomes: ExtractOutcome[], workers: number, cacheWarnings: string[], seconds: number): ExtractionResult {
  const result: ExtractionResult = {
    features: [],
    skipped: [],
    stats: { clips: sources.length, computed: 0, cached: 0, repaired: [], cacheWarnings, workers, seconds },
  };
  outcomes.forEach((outcome, i) => {
    if (outcome.kind === 'skipped') {
      result.features.push(null);
      result.skipped.push(outcome.skipped);
      return;
    }
    result.features.push(outcome.features);
    if (outcome.cached) result.stats.cached++;
    else result.stats.computed++;
    const source = sources[i];
    if (outcome.repaired) result.stats.repaired.push({ file: 'path' in source ? source.path : source.name, reason: outcome.repaired });
    if (outcome.cacheError && !result.stats.cacheWarnings.includes(outcome.cacheError)) result.stats.cacheWarnings.push(outcome.cacheError);
  });
  return result;
}

type WorkerReply = ExtractOutcome | { id: number; error: string };

/** Hand jobs to `count` workers, the next job to whichever finishes first; reject on the first failure. */
function runPool(jobs: ExtractJob[], count: number, record: (outcome: ExtractOutcome) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const pool: Worker[] = [];
    let next = 0;
    let remaining = jobs.length;
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      for (const w of pool) void w.terminate();
      reject(err);
    };
    const feed = (worker: Worker) => {
      if (next < jobs.length) worker.postMessage(jobs[next++]);
    };
    for (let k = 0; k < count; k++) {
      const worker = new Worker(WORKER_SCRIPT);
      pool.push(worker);
      worker.on('message', (reply: WorkerReply) => {
        if (failed) return;
        if ('error' in reply) {
          const source = jobs[reply.id].source;
          fail(new Error(`feature extraction failed for ${'path' in source ? source.path : source.name}: ${reply.error}`));
          return;
        }
        record(reply);
        if (--remaining === 0) {
          for (const w of pool) void w.terminate();
          resolve();
        } else {
          feed(worker);
        }
      });
      worker.on('error', (err: Error) => fail(new Error(`feature worker crashed: ${err.stack ?? err.message}`)));
      worker.on('exit', (code) => {
        if (remaining > 0 && code !== 0) fail(new Error(`feature worker exited with code ${code} before the batch was done`));
      });
      feed(worker);
    }
  });
}

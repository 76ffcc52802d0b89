/**
 * Worker-thread entry of feature extraction: receives `ExtractJob`s, answers each with its
 * `ExtractOutcome` (the feature matrix transferred, not copied), or with `{ id, error }` when the
 * job failed for a reason other than an unreadable clip.
 */
import { parentPort } from 'node:worker_threads';
import { extractClip, type ExtractJob } from './extract-clip.js';

if (!parentPort) throw new Error('feature-worker.js must run as a worker thread');
const port = parentPort;

port.on('message', (job: ExtractJob) => {
  try {
    const outcome = extractClip(job);
    port.postMessage(outcome, outcome.kind === 'features' ? [outcome.features.data.buffer as ArrayBuffer] : []);
  } catch (err) {
    port.postMessage({ id: job.id, error: (err as Error).stack ?? String(err) });
  }
});

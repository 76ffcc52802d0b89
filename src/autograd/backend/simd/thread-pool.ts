/**
 * The SIMD backend's worker threads: `threads - 1` workers that instantiate the kernel module on
 * the shared memory and, with the calling thread, split one kernel call at a time between them.
 *
 * A job is a call of one of the module's range kernels (`RANGE_KERNELS`: the gemm over A panels,
 * the Winograd convolution over tile blocks, its filter gradient over transform points), whose
 * arguments name a range of work units [u0, u1) and a per-thread scratch buffer. Threads meet
 * over a control block at the start of the memory (`Atomics` loads, compare-and-swap, `wait` /
 * `notify`). The caller writes a job header (the kernel, where its range and scratch arguments
 * sit, the unit counts and the arguments), posts the job number in every worker's slot and wakes
 * the sleepers; then every thread, the caller included, claims chunks of units from the header
 * until none is left. Claiming rather than a fixed split means a worker the scheduler has
 * descheduled (another process holding its core) delays only the chunk it holds, while the others
 * do the rest. A chunk is one kernel call over whole units, and every unit is computed the same
 * way whichever thread claims it: results do not depend on the thread count.
 *
 * Starting workers is the one host-specific step (`workerStarter`): Node's `worker_threads`
 * (imported only when threads are asked for), a browser's `Worker` with a SharedArrayBuffer when
 * the page is cross-origin isolated; elsewhere the backend runs on the calling thread alone.
 */
import { CONTROL_BYTES } from './memory.js';
import type { WasmMemory, WasmModule } from '../../../wasm/wasm-api.js';

/** Int32 slots per worker in the control block; slot 0 is the job header, worker w uses slot w + 1. */
const SLOT = 32;
/** Most threads the control block has slots for, the calling thread included. */
export const MAX_THREADS = CONTROL_BYTES / 4 / SLOT;
/**
 * Job header (Int32 indices; the first 8 bytes are one BigInt64): CLAIM = (job << 32) | next chunk,
 * claimed by compare-and-swap; FINISHED = chunks computed so far; then, from JOB, the kernel's index
 * in `RANGE_KERNELS`, the argument count, the indices of the range and scratch arguments, the unit
 * count, the units per chunk, the chunk count, and the arguments.
 */
const FINISHED = 2;
const JOB = 3;
const JOB_FIELDS = 7;
/** Most arguments a job's kernel may take. */
export const MAX_JOB_ARGS = SLOT - JOB - JOB_FIELDS;
/** Worker slot fields: the job number to run (negative: exit) and the worker's own scratch buffer. */
const SEQ = 0;
const SCRATCH = 1;
/** Milliseconds the caller polls for the chunks still held by workers before sleeping on them. */
const WAIT_POLL_MS = 0.5;
/** Claim index meaning "no chunks": set while the job header is being rewritten. */
const CLOSED = 0xffffffff;

/** The module exports a job can run, each taking a unit range [u0, u1) and a scratch buffer among its arguments. */
export const RANGE_KERNELS = ['gemm', 'winogradConv', 'winogradFilterGrad'] as const;
export type RangeKernel = (typeof RANGE_KERNELS)[number];

/**
 * One kernel call split over the pool: `args` in the export's order; the units [u0, u1) a chunk
 * computes go to args[rangeAt] and args[rangeAt + 1], the thread's scratch to args[scratchAt].
 */
export interface RangeJob {
  kernel: RangeKernel;
  args: number[];
  rangeAt: number;
  scratchAt: number;
  units: number;
  chunkUnits: number;
}

/** What a job's kernels look like to the pool: module exports taking i32 arguments. */
export type RangeExports = Record<RangeKernel, (...args: number[]) => void>;

/**
 * Claim and compute chunks of the job numbered `seq` until none is left or a newer job replaced it
 * (plain JavaScript, run by the workers and, through `Function`, by the calling thread).
 * `header` holds the job fields from JOB on: kernel, argc, rangeAt, scratchAt, units, chunkUnits,
 * nChunks, then the arguments.
 */
const claimSource = `
const RANGE_KERNELS = ${JSON.stringify(RANGE_KERNELS)};
function claimChunks(k, ctl, claim, seq, header, scratch) {
  const [kernel, argc, rangeAt, scratchAt, units, chunkUnits, nChunks] = header;
  const run = k[RANGE_KERNELS[kernel]];
  const args = header.slice(${JOB_FIELDS}, ${JOB_FIELDS} + argc);
  args[scratchAt] = scratch;
  const tag = BigInt(seq);
  for (;;) {
    const v = Atomics.load(claim, 0);
    if (v >> 32n !== tag) return;
    const idx = Number(v & 0xffffffffn);
    if (idx >= nChunks) return;
    if (Atomics.compareExchange(claim, 0, v, v + 1n) !== v) continue;
    args[rangeAt] = idx * chunkUnits;
    args[rangeAt + 1] = Math.min((idx + 1) * chunkUnits, units);
    run(...args);
    if (Atomics.add(ctl, ${FINISHED}, 1) + 1 === nChunks) Atomics.notify(ctl, ${FINISHED});
  }
}
`;

/**
 * Worker body (plain JavaScript): `serve(data, ready)` instantiates the kernel module on the
 * shared memory, reports ready, then for each job posted in its slot copies the job header and
 * claims chunks of it, until told to exit.
 */
const serveSource = `
${claimSource}
function serve({ module, memory, slot, spinMs }, ready) {
  const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const ctl = new Int32Array(memory.buffer, 0, ${CONTROL_BYTES / 4});
  const claim = new BigInt64Array(memory.buffer, 0, 1);
  const base = (slot + 1) * ${SLOT};
  let seen = 0;
  /** The next job number: poll for spinMs (no syscall on the hot path), then sleep on the futex. */
  function next() {
    const until = performance.now() + spinMs;
    do {
      for (let i = 0; i < 256; i++) {
        const seq = Atomics.load(ctl, base + ${SEQ});
        if (seq !== seen) return seq;
      }
    } while (performance.now() < until);
    Atomics.wait(ctl, base + ${SEQ}, seen);
    return Atomics.load(ctl, base + ${SEQ});
  }
  ready();
  for (;;) {
    const seq = next();
    if (seq === seen) continue;
    if (seq < 0) break;
    seen = seq;
    const argc = ctl[${JOB + 1}];
    claimChunks(k, ctl, claim, seq, Array.from(ctl.subarray(${JOB}, ${JOB + JOB_FIELDS} + argc)), ctl[base + ${SCRATCH}]);
  }
}
`;

/** What a worker receives: the compiled kernel module, the shared memory, its slot and poll time. */
export interface WorkerData {
  module: WasmModule;
  memory: WasmMemory;
  slot: number;
  spinMs: number;
}

interface PoolWorker {
  terminate(): unknown;
}

/** Starts one worker on `data`, resolving once it is ready for jobs. */
export type StartWorker = (data: WorkerData) => Promise<PoolWorker>;

/** The slice of a browser's `Worker` used here (the project compiles without the DOM library). */
interface BrowserWorker extends PoolWorker {
  postMessage(message: unknown): void;
  onmessage: (() => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
}

/**
 * Node's module, imported through a variable so that a bundler for the browser leaves the import
 * to run time (where the browser branch never reaches it) instead of failing to resolve it.
 */
const NODE_WORKER_THREADS = 'node:worker_threads';

/** The globals `workerStarter` looks at; `globalThis` by default. */
interface WorkerEnvironment {
  process?: { versions?: { node?: string } };
  Worker?: new (url: string) => BrowserWorker;
  SharedArrayBuffer?: unknown;
  crossOriginIsolated?: boolean;
}

/**
 * How this environment starts the pool's workers, or why it cannot (a sentence): in Node through
 * `worker_threads` (a dynamic import, so nothing of Node is loaded for one thread or in a
 * browser); in a browser through `Worker` on a Blob URL, which needs a shared memory, i.e. a
 * cross-origin isolated page, and a calling thread that may wait for the workers (a Web Worker).
 */
export async function workerStarter(env: WorkerEnvironment = globalThis as WorkerEnvironment): Promise<StartWorker | string> {
  if (env.process?.versions?.node !== undefined) {
    const { Worker } = (await import(NODE_WORKER_THREADS)) as typeof import('node:worker_threads');
    const source = `${serveSource}\nconst { workerData, parentPort } = require('node:worker_threads');\nserve(workerData, () => parentPort.postMessage('ready'));\n`;
    return (data) => {
      const worker = new Worker(source, { eval: true, workerData: data });
      worker.unref();
      return new Promise((resolve, reject) => {
        worker.once('message', () => resolve(worker));
        worker.once('error', reject);
      });
    };
  }
  const BrowserWorker = env.Worker;
  if (typeof BrowserWorker !== 'function') return 'this environment has no Worker';
  if (typeof env.SharedArrayBuffer !== 'function' || env.crossOriginIsolated !== true) {
    return 'worker threads need a SharedArrayBuffer, which a browser gives only to a cross-origin isolated page (served with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)';
  }
  if (!mayBlock()) return "the calling thread may not block on Atomics.wait (a browser's main thread): create the backend in a Web Worker to use threads";
  const source = `${serveSource}\nself.onmessage = (event) => serve(event.data, () => self.postMessage('ready'));\n`;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  return (data) => {
    const worker = new BrowserWorker(url);
    return new Promise((resolve, reject) => {
      worker.onmessage = () => resolve(worker);
      worker.onerror = (event) => reject(new Error(`simd backend: a worker failed to start: ${event.message ?? 'unknown error'}`));
      worker.postMessage(data);
    });
  };
}

/** Whether this thread may sleep on `Atomics.wait` (a browser's main thread may not), probed without sleeping. */
function mayBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1);
    return true;
  } catch {
    return false;
  }
}

/** The workers and the calling thread's side of the control block. */
export class ThreadPool {
  /** Threads computing one job, the calling thread included. */
  readonly threads: number;
  private readonly ctl: Int32Array;
  private readonly claim: BigInt64Array;
  private readonly claimChunks: (k: RangeExports, ctl: Int32Array, claim: BigInt64Array, seq: number, header: number[], scratch: number) => void;
  private seq = 0;

  /**
   * Views of the control block made once: a shared memory's buffer is never detached when the
   * memory grows, so they stay valid.
   */
  private constructor(
    memory: WasmMemory,
    private readonly workers: PoolWorker[],
  ) {
    this.threads = workers.length + 1;
    this.ctl = new Int32Array(memory.buffer, 0, CONTROL_BYTES / 4);
    this.claim = new BigInt64Array(memory.buffer, 0, 1);
    this.claimChunks = new Function(`${claimSource}\nreturn claimChunks;`)() as ThreadPool['claimChunks'];
  }

  /** Start `threads - 1` workers on the shared `memory`, each instantiating `module`. */
  static async start(threads: number, module: WasmModule, memory: WasmMemory, spinMs: number, startWorker: StartWorker): Promise<ThreadPool> {
    if (threads > MAX_THREADS) throw new Error(`simd backend: at most ${MAX_THREADS} threads`);
    const workers = await Promise.all(Array.from({ length: threads - 1 }, (_, slot) => startWorker({ module, memory, slot, spinMs })));
    return new ThreadPool(memory, workers);
  }

  /**
   * Run `job` on every thread: its units, in chunks of `chunkUnits`, are claimed from the job
   * header until none is left; returns when all are computed. `scratch[w]` is thread w's scratch
   * buffer (0: the calling thread).
   */
  run(kernels: RangeExports, job: RangeJob, scratch: readonly number[]): void {
    if (job.args.length > MAX_JOB_ARGS) throw new Error(`simd backend: ${job.kernel} takes ${job.args.length} arguments, a job at most ${MAX_JOB_ARGS}`);
    const { ctl, claim } = this;
    const nChunks = Math.ceil(job.units / job.chunkUnits);
    // job numbers stay positive (a negative one tells the workers to exit)
    this.seq = (this.seq % 0x3fffffff) + 1;
    const tag = BigInt(this.seq) << 32n;
    // close the claim word before rewriting the header, so a late worker never reads a mixed job
    Atomics.store(claim, 0, tag | BigInt(CLOSED));
    const header = [RANGE_KERNELS.indexOf(job.kernel), job.args.length, job.rangeAt, job.scratchAt, job.units, job.chunkUnits, nChunks, ...job.args];
    ctl.set(header, JOB);
    Atomics.store(ctl, FINISHED, 0);
    Atomics.store(claim, 0, tag);
    for (let w = 0; w < this.workers.length; w++) {
      const slot = (w + 1) * SLOT;
      ctl[slot + SCRATCH] = scratch[w + 1];
      Atomics.store(ctl, slot + SEQ, this.seq);
      Atomics.notify(ctl, slot + SEQ);
    }
    this.claimChunks(kernels, ctl, claim, this.seq, header, scratch[0]);
    // wait for the chunks other threads still hold (each a fraction of a millisecond, so poll first)
    const until = performance.now() + WAIT_POLL_MS;
    let done = Atomics.load(ctl, FINISHED);
    while (done !== nChunks && performance.now() < until) done = Atomics.load(ctl, FINISHED);
    for (; done !== nChunks; done = Atomics.load(ctl, FINISHED)) Atomics.wait(ctl, FINISHED, done);
  }

  /** Tell the workers to exit and wait for them; the pool cannot be used afterwards. */
  async dispose(): Promise<void> {
    for (let w = 0; w < this.workers.length; w++) {
      Atomics.store(this.ctl, (w + 1) * SLOT + SEQ, -1);
      Atomics.notify(this.ctl, (w + 1) * SLOT + SEQ);
    }
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

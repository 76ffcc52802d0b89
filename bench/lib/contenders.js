// The references tunegrad is measured and checked against, in one place for bench/ and test/:
// TensorFlow.js (tfjs-layers, Keras's JavaScript port, on its 'cpu' or 'wasm' backend) with the
// paper's two models built as the Keras oracle builds them (shared/oracle/models.py `build_cnn_a`,
// `build_lstm`), and Keras itself through the oracle's trainer (shared/oracle/train_ref.py).
// tfjs is a dev dependency and is never imported from src/. Plain JavaScript so that `node bench/...`
// runs it unbuilt; test/ imports it too (JSDoc types).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ORACLE = resolve(ROOT, '..', 'shared', 'oracle', 'train_ref.py');

/** @typedef {typeof import('@tensorflow/tfjs')} Tf */

/**
 * tfjs on `backend` ('cpu', or 'wasm' with its SIMD build), in PROD mode (no debug checks, no
 * "install tfjs-node" notice). `threads` describes the wasm build's thread count, '' on the CPU.
 * @param {'cpu' | 'wasm'} backend
 * @returns {Promise<{ tf: Tf, threads: string }>}
 */
export async function loadTfjs(backend) {
  const tf = await import('@tensorflow/tfjs');
  tf.env().set('PROD', true);
  const wasm = backend === 'wasm' ? await import('@tensorflow/tfjs-backend-wasm') : null;
  wasm?.setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend '${backend}' did not initialise`);
  await tf.ready();
  return { tf, threads: wasm ? `${wasm.getThreadsCount()} thread(s)` : '' };
}

/**
 * The paper's model in tfjs-layers, as the oracle builds it, softmax output (uncompiled):
 * 'cnn' = `build_cnn_a` (3×Conv1D(5, 'same', relu, L1 1e-4) with two MaxPool1D(2, 'same'), GAP,
 * Dense(200, relu, L1) → Dropout(0.5) → Dense(10)); 'lstm' = `build_lstm` (LSTM(128) → LSTM(32),
 * dropout 0.05 / recurrent 0.35, kernel L2 1e-3 → Dense(10, L2)), with Keras's sigmoid recurrent
 * activation (tfjs defaults to the hard sigmoid). Input (timesteps, features); timesteps null:
 * any length.
 * @param {Tf} tf
 * @param {'cnn' | 'lstm'} model
 * @param {{ timesteps?: number | null, features?: number }} [options]
 */
export function tfjsPaperModel(tf, model, { timesteps = null, features = 40 } = {}) {
  const inputShape = /** @type {number[]} */ ([timesteps, features]);
  if (model === 'cnn') {
    const l1 = () => tf.regularizers.l1({ l1: 1e-4 });
    const conv = (/** @type {number} */ filters, first = false) =>
      tf.layers.conv1d({ filters, kernelSize: 5, padding: 'same', activation: 'relu', kernelRegularizer: l1(), ...(first ? { inputShape } : {}) });
    const pool = () => tf.layers.maxPooling1d({ poolSize: 2, padding: 'same' });
    return tf.sequential({
      layers: [
        conv(32, true),
        pool(),
        conv(64),
        pool(),
        conv(64),
        tf.layers.globalAveragePooling1d({}),
        tf.layers.dense({ units: 200, activation: 'relu', kernelRegularizer: l1() }),
        tf.layers.dropout({ rate: 0.5 }),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
  }
  const l2 = () => tf.regularizers.l2({ l2: 1e-3 });
  const lstm = (/** @type {number} */ units, /** @type {boolean} */ returnSequences, first = false) =>
    tf.layers.lstm({ units, returnSequences, dropout: 0.05, recurrentDropout: 0.35, kernelRegularizer: l2(), recurrentActivation: 'sigmoid', ...(first ? { inputShape } : {}) });
  return tf.sequential({ layers: [lstm(128, true, true), lstm(32, false), tf.layers.dense({ units: 10, activation: 'softmax', kernelRegularizer: l2() })] });
}

/**
 * Seconds per epoch of tfjs-layers `fit` on the paper's model with Adam(1e-3, 0.9, 0.999, 1e-7)
 * (Keras's defaults): a one-batch warm-up (kernel set-up, graph tracing; not a whole epoch,
 * tfjs-cpu is slow), then `epochs` timed epochs, each with its validation pass.
 * @param {Tf} tf
 * @typedef {{ x: { data: Float32Array }, labels: number[] }} Clips
 * @param {{ model: 'cnn' | 'lstm', timesteps: number, features: number, batchSize: number,
 *   epochs: number, train: Clips, validation: Clips, onEpoch?: (epoch: number, seconds: number) => void }} run
 * @returns {Promise<{ warmUp: number[], timed: number[] }>}
 */
export async function timeTfjsEpochs(tf, run) {
  const { timesteps, features, batchSize } = run;
  const tensors = (/** @type {Clips} */ { x, labels }) => [tf.tensor3d(x.data, [labels.length, timesteps, features]), tf.oneHot(tf.tensor1d(labels, 'int32'), 10)];
  const [xs, ys] = tensors(run.train);
  const [vx, vy] = tensors(run.validation);
  // tfjs warns on every orthogonal initialisation of a large recurrent kernel; not our concern here
  const warn = console.warn;
  console.warn = () => {};
  const net = tfjsPaperModel(tf, run.model, { timesteps, features });
  console.warn = warn;
  net.compile({ optimizer: tf.train.adam(0.001, 0.9, 0.999, 1e-7), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const t0 = performance.now();
  await net.trainOnBatch(xs.slice(0, batchSize), ys.slice(0, batchSize));
  const warmUp = [(performance.now() - t0) / 1000];
  const timed = [];
  for (let e = 0; e < run.epochs; e++) {
    const start = performance.now();
    await net.fit(xs, ys, { epochs: 1, batchSize, shuffle: true, validationData: [vx, vy], verbose: 0 });
    timed.push((performance.now() - start) / 1000);
    run.onEpoch?.(e, timed[e]);
  }
  return { warmUp, timed };
}

/**
 * A Python that imports `module` (tensorflow, librosa, ...): `explicit` when given, else
 * ../oracle-venv/bin/python, then python3; null when none does.
 * @param {string} module
 * @param {string | null} [explicit]
 * @returns {string | null}
 */
export function findPython(module, explicit = null) {
  const candidates = explicit ? [explicit] : [resolve(ROOT, '..', 'oracle-venv', 'bin', 'python'), 'python3'];
  for (const py of candidates) {
    if (py.includes('/') && !existsSync(py)) continue;
    const probe = spawnSync(py, ['-c', `import ${module}`], { encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } });
    if (probe.status === 0) return py;
  }
  return null;
}

/**
 * Seconds per epoch and peak memory of Keras through the oracle: `train_ref.py --make-synthetic`
 * writes random clips of the same shapes (n = (train + validation) / 0.8, so its 70/10/20 split
 * gives the same train and validation sizes), then trains `epochs + 1` epochs (the first is the
 * warm-up) under a wrapper that prints its own ru_maxrss (KiB on Linux).
 * @param {string} python
 * @param {{ model: 'cnn' | 'lstm', timesteps: number, features: number, clips: number,
 *   epochs: number, seed: number }} run
 * @returns {{ name: string, warmUp: number[], timed: number[], median: number, peakRss: number }}
 */
export function timeKerasEpochs(python, run) {
  const dir = mkdtempSync(join(tmpdir(), 'tunegrad-epoch-'));
  try {
    const npz = join(dir, 'synth.npz');
    const out = join(dir, 'run.json');
    const model = run.model === 'cnn' ? 'cnn_a' : 'lstm';
    const make = spawnSync(python, [ORACLE, '--make-synthetic', npz, '--n', String(run.clips / 0.8), '--T', String(run.timesteps), '--F', String(run.features), '--seed', String(run.seed)], { encoding: 'utf8' });
    if (make.status !== 0) throw new Error(`train_ref.py --make-synthetic failed: ${make.stderr.trim().split('\n').pop()}`);
    const args = ['--data', npz, '--model', model, '--epochs', String(run.epochs + 1), '--split', '0.7', '0.1', '0.2', '--seed', String(run.seed), '--json', out];
    // train_ref.py ends in sys.exit(main()); the wrapper catches that and prints its own peak RSS
    const wrapper = `import resource, runpy, sys\nsys.argv = ${JSON.stringify([ORACLE, ...args])}\ntry:\n    runpy.run_path(sys.argv[0], run_name='__main__')\nexcept SystemExit as e:\n    if e.code:\n        raise\nprint('maxrss', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)`;
    process.stderr.write(`  keras: ${run.epochs + 1} epochs of ${model}...\n`);
    const trained = spawnSync(python, ['-c', wrapper], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (trained.status !== 0) throw new Error(`train_ref.py failed: ${trained.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    const kib = Number(/maxrss (\d+)/.exec(trained.stdout)?.[1]);
    const times = result.epoch_times_s;
    return {
      name: `Keras ${result.env.keras} (TF ${result.env.tensorflow} CPU, threads ${result.env.threads})`,
      warmUp: times.slice(0, 1),
      timed: times.slice(1),
      median: result.median_epoch_s_excl_first,
      peakRss: kib * 1024,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

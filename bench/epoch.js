#!/usr/bin/env node
/**
 * Seconds per training epoch of the paper's models on random clips, tunegrad beside Keras (the
 * Python oracle, ../shared/oracle/train_ref.py) and tfjs-layers (pure-JS CPU and WebAssembly
 * backends) on the same shapes, with each one's peak memory. Every contender runs in a process of
 * its own (this script with --contender, or Python), so each peak RSS is its own.
 * Argument parsing, child processes and printing only; the data and the timing live in
 * src/nn/timing.ts. Build first: npx tsc -p tsconfig.json
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendNames, createBackend, median, paperCnn, paperLstm, setBackend, sliceClips, syntheticClips, timeEpochs } from '../dist/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ORACLE = resolve(ROOT, '..', 'shared', 'oracle', 'train_ref.py');
const FEATURES = 40;
/** The oracle's split of 200 clips: 140 train, 20 validation (40 test, unused here). */
const TRAIN = 140;
const VALIDATION = 20;
const BATCH = 32;

const HELP = `usage: node bench/epoch.js cnn|lstm [options]

Seconds per training epoch (median of the timed epochs, after warm-up) and peak memory of
paperCnn (the oracle's cnn_a) or paperLstm on ${TRAIN} random clips of ${FEATURES} features (+ ${VALIDATION}
validation clips, evaluated every epoch as the oracle does), batch ${BATCH}, Adam: tunegrad beside
Keras and tfjs-layers on the same shapes, each in a process of its own.

options:
  --timesteps T      frames per clip (default 128; the paper's full clips are 1293)
  --backend NAME     tunegrad backend: ${backendNames.join(', ')} (default auto)
  --threads N        threads of the simd backend (default: one per CPU, ${cpus().length} here, as
                     TensorFlow's default)
  --epochs N         timed epochs after one warm-up epoch, tunegrad and Keras (default 5)
  --keras            require Keras (default: timed when a Python with TensorFlow is found)
  --no-keras         do not
  --python PATH      Python with TensorFlow (default ../oracle-venv/bin/python, then python3)
  --tfjs [LIST]      tfjs-layers backends to time: cpu, wasm (default cpu,wasm). tfjs-cpu takes
                     about a minute per epoch at T=128 and several at T=1293: '--tfjs wasm' skips it
  --no-tfjs          no tfjs-layers
  --tfjs-epochs N    timed tfjs epochs, after a one-batch warm-up (default 1)
  --seed N           data and weight seed (default 0)
  --help             this text

Peak memory is the contender process's RSS high-water mark (Node: process.resourceUsage().maxRSS,
Python: ru_maxrss), so it includes the runtime and the data. The machine may be shared: the load
average is printed before and after; compare rows of one run, and repeat.`;

function parseArgs(argv) {
  const opts = { model: null, timesteps: 128, backend: 'auto', threads: cpus().length, epochs: 5, keras: null, python: null, tfjs: ['cpu', 'wasm'], tfjsEpochs: 1, seed: 0, contender: null };
  const int = (name, v, min = 1) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got '${v}'`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--help' || arg === '-h') {
      console.log(HELP);
      process.exit(0);
    } else if (arg === 'cnn' || arg === 'lstm') opts.model = arg;
    else if (arg === '--timesteps') opts.timesteps = int(arg, value());
    else if (arg === '--backend') opts.backend = value();
    else if (arg === '--threads') opts.threads = int(arg, value());
    else if (arg === '--epochs') opts.epochs = int(arg, value());
    else if (arg === '--keras') opts.keras = true;
    else if (arg === '--no-keras') opts.keras = false;
    else if (arg === '--python') opts.python = value();
    else if (arg === '--tfjs') opts.tfjs = argv[i + 1] && !argv[i + 1].startsWith('--') ? value().split(',') : ['cpu', 'wasm'];
    else if (arg === '--no-tfjs') opts.tfjs = [];
    else if (arg === '--tfjs-epochs') opts.tfjsEpochs = int(arg, value());
    else if (arg === '--seed') opts.seed = int(arg, value(), 0);
    else if (arg === '--contender') opts.contender = value();
    else throw new Error(`unknown argument '${arg}' (see --help)`);
  }
  if (opts.model === null) throw new Error('name the model: cnn or lstm (see --help)');
  if (!backendNames.includes(opts.backend)) throw new Error(`--backend: one of ${backendNames.join(', ')}`);
  for (const b of opts.tfjs) if (b !== 'cpu' && b !== 'wasm') throw new Error(`--tfjs: cpu and/or wasm, got '${b}'`);
  return opts;
}

/** The clips every Node contender trains on: the same seed gives the same data. */
function clips(opts) {
  const all = syntheticClips(TRAIN + VALIDATION, opts.timesteps, FEATURES, { seed: opts.seed });
  return { train: sliceClips(all, 0, TRAIN), validation: sliceClips(all, TRAIN, TRAIN + VALIDATION) };
}

const peakRss = () => process.resourceUsage().maxRSS * 1024;
const progress = (who) => (epoch, seconds) => process.stderr.write(`  ${who}: epoch ${epoch + 1} ${seconds.toFixed(3)} s\n`);

/** Contender process: tunegrad on the chosen backend. */
async function runTunegrad(opts) {
  const backend = await createBackend(opts.backend, { threads: opts.threads });
  setBackend(backend);
  const { train, validation } = clips(opts);
  const build = opts.model === 'cnn' ? paperCnn : paperLstm;
  const model = build(FEATURES, { timesteps: opts.timesteps, seed: opts.seed });
  const times = timeEpochs(model, train, { epochs: opts.epochs, batchSize: BATCH, validation, onEpoch: progress(`tunegrad ${backend.name}`) });
  await backend.dispose();
  return { name: `tunegrad (${backend.name})`, ...times, peakRss: peakRss() };
}

/** The oracle's cnn_a / build_lstm in tfjs-layers, softmax output, Adam(1e-3, 0.9, 0.999, 1e-7). */
function tfjsModel(tf, model, timesteps) {
  const inputShape = [timesteps, FEATURES];
  let layers;
  if (model === 'cnn') {
    const l1 = () => tf.regularizers.l1({ l1: 1e-4 });
    const conv = (filters, first) => tf.layers.conv1d({ filters, kernelSize: 5, padding: 'same', activation: 'relu', kernelRegularizer: l1(), ...(first ? { inputShape } : {}) });
    const pool = () => tf.layers.maxPooling1d({ poolSize: 2, padding: 'same' });
    layers = [
      conv(32, true),
      pool(),
      conv(64),
      pool(),
      conv(64),
      tf.layers.globalAveragePooling1d({}),
      tf.layers.dense({ units: 200, activation: 'relu', kernelRegularizer: l1() }),
      tf.layers.dropout({ rate: 0.5 }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ];
  } else {
    const l2 = () => tf.regularizers.l2({ l2: 1e-3 });
    const lstm = (units, returnSequences, first) =>
      tf.layers.lstm({ units, returnSequences, dropout: 0.05, recurrentDropout: 0.35, kernelRegularizer: l2(), recurrentActivation: 'sigmoid', ...(first ? { inputShape } : {}) });
    layers = [lstm(128, true, true), lstm(32, false), tf.layers.dense({ units: 10, activation: 'softmax', kernelRegularizer: l2() })];
  }
  const net = tf.sequential({ layers });
  net.compile({ optimizer: tf.train.adam(0.001, 0.9, 0.999, 1e-7), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return net;
}

/** Contender process: tfjs-layers `model.fit` on its 'cpu' or 'wasm' backend. */
async function runTfjs(opts, backend) {
  const tf = await import('@tensorflow/tfjs');
  tf.env().set('PROD', true);
  const wasm = backend === 'wasm' ? await import('@tensorflow/tfjs-backend-wasm') : null;
  wasm?.setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend '${backend}' did not initialise`);
  await tf.ready();
  const note = wasm ? `${wasm.getThreadsCount()} thread(s)` : '';
  const { train, validation } = clips(opts);
  const tensors = ({ x, labels }) => [tf.tensor3d(x.data, [labels.length, opts.timesteps, FEATURES]), tf.oneHot(tf.tensor1d(labels, 'int32'), 10)];
  const [xs, ys] = tensors(train);
  const [vx, vy] = tensors(validation);
  // tfjs warns on every orthogonal initialisation of a large recurrent kernel; not our concern here
  const warn = console.warn;
  console.warn = () => {};
  const net = tfjsModel(tf, opts.model, opts.timesteps);
  console.warn = warn;
  // warm-up: one batch (kernel set-up, graph tracing), not a whole epoch, because tfjs-cpu is slow
  const t0 = performance.now();
  await net.trainOnBatch(xs.slice(0, BATCH), ys.slice(0, BATCH));
  const warmUp = [(performance.now() - t0) / 1000];
  const timed = [];
  for (let e = 0; e < opts.tfjsEpochs; e++) {
    const start = performance.now();
    await net.fit(xs, ys, { epochs: 1, batchSize: BATCH, shuffle: true, validationData: [vx, vy], verbose: 0 });
    timed.push((performance.now() - start) / 1000);
    progress(`tfjs-${backend}`)(e, timed[e]);
  }
  return { name: `tfjs-layers (${backend}${note ? `, ${note}` : ''})`, warmUp, timed, median: median(timed), peakRss: peakRss() };
}

/** A Python that imports TensorFlow, or null. */
function findPython(explicit) {
  const candidates = explicit ? [explicit] : [resolve(ROOT, '..', 'oracle-venv', 'bin', 'python'), 'python3'];
  for (const py of candidates) {
    if (py.includes('/') && !existsSync(py)) continue;
    const probe = spawnSync(py, ['-c', 'import tensorflow'], { encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } });
    if (probe.status === 0) return py;
  }
  return null;
}

/** Keras through the oracle: synthetic .npz of the same shapes, train_ref.py, its JSON; ru_maxrss from a wrapper. */
function runKeras(opts, python) {
  const dir = mkdtempSync(join(tmpdir(), 'tunegrad-epoch-'));
  try {
    const npz = join(dir, 'synth.npz');
    const out = join(dir, 'run.json');
    const model = opts.model === 'cnn' ? 'cnn_a' : 'lstm';
    const make = spawnSync(python, [ORACLE, '--make-synthetic', npz, '--n', String((TRAIN + VALIDATION) / 0.8), '--T', String(opts.timesteps), '--F', String(FEATURES), '--seed', String(opts.seed)], { encoding: 'utf8' });
    if (make.status !== 0) throw new Error(`train_ref.py --make-synthetic failed: ${make.stderr.trim().split('\n').pop()}`);
    const args = ['--data', npz, '--model', model, '--epochs', String(opts.epochs + 1), '--split', '0.7', '0.1', '0.2', '--seed', String(opts.seed), '--json', out];
    // train_ref.py ends in sys.exit(main()); the wrapper catches that and prints its own peak RSS (KiB on Linux)
    const wrapper = `import resource, runpy, sys\nsys.argv = ${JSON.stringify([ORACLE, ...args])}\ntry:\n    runpy.run_path(sys.argv[0], run_name='__main__')\nexcept SystemExit as e:\n    if e.code:\n        raise\nprint('maxrss', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)`;
    process.stderr.write(`  keras: ${opts.epochs + 1} epochs of ${model}...\n`);
    const run = spawnSync(python, ['-c', wrapper], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (run.status !== 0) throw new Error(`train_ref.py failed: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    const kib = Number(/maxrss (\d+)/.exec(run.stdout)?.[1]);
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

/** Run this script as one contender in a child process; its last stdout line is the JSON result. */
function runChild(contender, argv) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...argv, '--contender', contender], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  const last = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !last.startsWith('{')) throw new Error(last || `exit status ${child.status}`);
  const result = JSON.parse(last);
  if (result.error) throw new Error(result.error);
  return result;
}

function printTable(rows, notes) {
  const keras = rows.find((r) => r.name.startsWith('Keras'));
  const fmt = (s) => (s >= 10 ? s.toFixed(1) : s.toFixed(3));
  const header = ['contender', 's/epoch (median)', 'timed epochs (s)', 'warm-up (s)', 'peak RSS (MiB)', ...(keras ? ['÷ Keras'] : [])];
  const cells = rows.map((r) => [
    r.name,
    fmt(r.median),
    r.timed.map(fmt).join(' '),
    r.warmUp.map(fmt).join(' '),
    (r.peakRss / 2 ** 20).toFixed(0),
    ...(keras ? [`${(r.median / keras.median).toFixed(2)}×`] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => `| ${c.map((v, i) => (i === 0 || i === 2 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 || i === 2 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const c of cells) console.log(line(c));
  for (const n of notes) console.log(`note: ${n}`);
}

async function main() {
  const argv = process.argv.slice(2);
  const opts = parseArgs(argv);
  if (opts.contender !== null) {
    let result;
    try {
      result = opts.contender === 'tunegrad' ? await runTunegrad(opts) : await runTfjs(opts, opts.contender.replace(/^tfjs-/, ''));
    } catch (err) {
      result = { error: err.message.split('\n')[0] };
    }
    console.log(JSON.stringify(result));
    return;
  }

  const label = opts.model === 'cnn' ? 'paperCnn (oracle cnn_a)' : 'paperLstm (oracle lstm)';
  console.log(`${label}, T=${opts.timesteps}, ${FEATURES} features, ${TRAIN} training + ${VALIDATION} validation clips, batch ${BATCH}`);
  console.log(`node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? 'unknown CPU'}, load average before ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  if (opts.tfjs.includes('cpu') && opts.timesteps > 256) process.stderr.write(`  note: tfjs-cpu takes several minutes per epoch at T=${opts.timesteps}; '--tfjs wasm' skips it\n`);

  const rows = [];
  const notes = [];
  const attempt = (name, run) => {
    try {
      rows.push(run());
    } catch (err) {
      notes.push(`${name} not timed: ${err.message}`);
    }
  };
  attempt('tunegrad', () => runChild('tunegrad', argv));
  if (opts.keras !== false) {
    const python = findPython(opts.python);
    if (python) attempt('Keras', () => runKeras(opts, python));
    else if (opts.keras) throw new Error(`--keras: no Python with TensorFlow (${opts.python ?? '../oracle-venv/bin/python, python3'}); pass --python`);
    else notes.push(`Keras not timed: no Python with TensorFlow (${opts.python ?? '../oracle-venv/bin/python, python3'})`);
  }
  for (const backend of opts.tfjs) attempt(`tfjs-layers (${backend})`, () => runChild(`tfjs-${backend}`, argv));
  if (opts.tfjs.length === 0) notes.push('tfjs-layers skipped (--no-tfjs)');
  else if (!opts.tfjs.includes('cpu')) notes.push('tfjs-layers (cpu) skipped (--tfjs without cpu)');

  printTable(rows, notes);
  console.log(`\nload average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

main().catch((err) => {
  console.error(`bench/epoch.js: ${err.message}`);
  process.exit(1);
});

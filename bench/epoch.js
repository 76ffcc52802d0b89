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
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CommandLine, HELP_OPTION, backendNames, median, paperCnn, paperLstm, parseList, parseSeed, sliceClips, syntheticClips, timeEpochs } from '../dist/index.js';
import { findPython, loadTfjs, timeKerasEpochs, timeTfjsEpochs } from './lib/contenders.js';

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
  --tfjs LIST        tfjs-layers backends to time: cpu, wasm (default cpu,wasm). tfjs-cpu takes
                     about a minute per epoch at T=128 and several at T=1293: '--tfjs wasm' skips it
  --no-tfjs          no tfjs-layers
  --tfjs-epochs N    timed tfjs epochs, after a one-batch warm-up (default 1)
  --seed N           data and weight seed (default 0)
  --help             this text

Peak memory is the contender process's RSS high-water mark (Node: process.resourceUsage().maxRSS,
Python: ru_maxrss), so it includes the runtime and the data. The machine may be shared: the load
average is printed before and after; compare rows of one run, and repeat.`;

const cli = new CommandLine('epoch', HELP);

function parseArgs(argv) {
  const { values, positionals } = cli.parse(
    {
      timesteps: { type: 'string', default: '128' },
      backend: { type: 'string', default: 'auto' },
      threads: { type: 'string', default: String(cpus().length) },
      epochs: { type: 'string', default: '5' },
      keras: { type: 'boolean', default: false },
      'no-keras': { type: 'boolean', default: false },
      python: { type: 'string' },
      tfjs: { type: 'string', default: 'cpu,wasm' },
      'no-tfjs': { type: 'boolean', default: false },
      'tfjs-epochs': { type: 'string', default: '1' },
      seed: { type: 'string', default: '0' },
      contender: { type: 'string' },
      ...HELP_OPTION,
    },
    true,
    argv,
  );
  const model = positionals[0];
  if (positionals.length !== 1 || (model !== 'cnn' && model !== 'lstm')) cli.fail('name the model: cnn or lstm (see --help)');
  if (!backendNames.includes(values.backend)) cli.fail(`--backend: one of ${backendNames.join(', ')}`);
  const tfjs = values['no-tfjs'] ? [] : parseList(values.tfjs);
  for (const b of tfjs) if (b !== 'cpu' && b !== 'wasm') cli.fail(`--tfjs: cpu and/or wasm, got '${b}'`);
  return {
    model,
    timesteps: cli.positiveInt('timesteps', values.timesteps),
    backend: values.backend,
    threads: cli.positiveInt('threads', values.threads),
    epochs: cli.positiveInt('epochs', values.epochs),
    keras: values['no-keras'] ? false : values.keras ? true : null,
    python: values.python ?? null,
    tfjs,
    tfjsEpochs: cli.positiveInt('tfjs-epochs', values['tfjs-epochs']),
    seed: cli.check(() => parseSeed(values.seed)),
    contender: values.contender ?? null,
  };
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
  const backend = await cli.useBackend(opts.backend, { threads: opts.threads });
  const { train, validation } = clips(opts);
  const build = opts.model === 'cnn' ? paperCnn : paperLstm;
  const model = build(FEATURES, { timesteps: opts.timesteps, seed: opts.seed });
  const times = timeEpochs(model, train, { epochs: opts.epochs, batchSize: BATCH, validation, onEpoch: progress(`tunegrad ${backend.name}`) });
  await backend.dispose();
  return { name: `tunegrad (${backend.name})`, ...times, peakRss: peakRss() };
}

/** Contender process: tfjs-layers `model.fit` on its 'cpu' or 'wasm' backend (bench/lib/contenders.js). */
async function runTfjs(opts, backend) {
  const { tf, threads } = await loadTfjs(backend);
  const { train, validation } = clips(opts);
  const run = { model: opts.model, timesteps: opts.timesteps, features: FEATURES, batchSize: BATCH, epochs: opts.tfjsEpochs, train, validation, onEpoch: progress(`tfjs-${backend}`) };
  const { warmUp, timed } = await timeTfjsEpochs(tf, run);
  return { name: `tfjs-layers (${backend}${threads ? `, ${threads}` : ''})`, warmUp, timed, median: median(timed), peakRss: peakRss() };
}

/** Keras through the oracle on the same shapes (bench/lib/contenders.js). */
function runKeras(opts, python) {
  return timeKerasEpochs(python, { model: opts.model, timesteps: opts.timesteps, features: FEATURES, clips: TRAIN + VALIDATION, epochs: opts.epochs, seed: opts.seed });
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
    const python = findPython('tensorflow', opts.python);
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

main().catch((err) => cli.fail(err.message));

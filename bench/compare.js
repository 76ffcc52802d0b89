#!/usr/bin/env node
// Every model on the same data under the random and the block split, in one invocation: the README's
// results table (mean ± std test accuracy over --runs, seconds per epoch, parameters) and the check
// of the target (the best model at least 10 points above the better paper model on every split).
// Argument parsing and printing only; the work lives in src/gtzan/compare.ts.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  CommandLine,
  COMPARISON_SPLITS,
  DEFAULT_GROUPS,
  MODELS,
  NonFiniteLossError,
  backendNames,
  createBackend,
  defaultDataDir,
  formatDuration,
  formatTarget,
  parseFeatureGroups,
  progressCallback,
  readComparisonSettings,
  runComparison,
  setBackend,
  parseEpochsPerModel,
} from '../dist/index.js';


const HELP = `Usage: node bench/compare.js [options]
       node bench/compare.js --resume DIR

Train every model on the same data under each split (--runs seeded runs each) and print the
results table: test accuracy mean ± std, seconds per epoch, parameters. GTZAN's neighbouring clips
share artists, so the random split flatters; the block split holds out whole index ranges per
genre. Also checks the target: the best model at least --target points above the better of the
paper's models (cnn, lstm) on every split. An interrupted comparison continues with --resume.

Options:
  --models LIST       models (default all: ${Object.keys(MODELS).join(',')})
  --splits LIST       random,blocks,lists (default random,blocks); lists: the --split-dir lists
  --split-dir DIR     train*.txt / valid*.txt / test*.txt lists, e.g. the fault-filtered split of
                      full GTZAN (../shared/gtzan/splits/filtered); adds the lists split
  --runs N            runs per model and split (default 5)
  --epochs E          epochs per run: a number for every model, or per model like cnn=30,lstm=20
                      (default each model's own: ${Object.entries(MODELS).map(([m, e]) => `${m}=${e.epochs}`).join(',')})
  --data DIR          labelled audio (default $GTZAN_DIR, else ./data/gtzan); 'synthetic' for the
                      built-in corpus
  --features LIST     feature groups (default ${DEFAULT_GROUPS.join(',')})
  --fractions A,B,C   train,valid,test fractions for both splits (default 0.7,0.1,0.2: on 40 clips
                      per genre the block split trains on clips 1–28, validates on 29–32, tests 33–40)
  --seed S            seed of the random split and of run 1 (default 0)
  --batch N           batch size (default 32)
  --target P          required lead in points (default 10)
  --backend NAME      matmul backend: ${backendNames.join(', ')} (default auto)
  --workers N         feature-extraction threads (default: one per core)
  --no-cache          recompute features instead of using .cache/features
  --out DIR           output folder (default runs/compare-<timestamp>/): results.json, table.md and
                      one experiment folder per split and model (results.json, pictures)
  --resume DIR        continue an interrupted comparison
  -h, --help          this text

Examples:
  node bench/compare.js --data ../shared/gtzan/excerpts
  node bench/compare.js --data ~/gtzan --splits random --split-dir ../shared/gtzan/splits/filtered`;

const cli = new CommandLine('compare', HELP);
const fail = (message) => cli.fail(message);
const positiveInt = (name, text) => cli.positiveInt(name, text);

/** Epochs per model from --epochs (see parseEpochsPerModel), failing with its message. */
function epochsPerModel(text, models) {
  try {
    return parseEpochsPerModel(text, models);
  } catch (err) {
    fail(err.message);
  }
}

const { values: opt } = cli.parse(
  {
    models: { type: 'string', default: Object.keys(MODELS).join(',') },
    splits: { type: 'string', default: 'random,blocks' },
    'split-dir': { type: 'string' },
    runs: { type: 'string', default: '5' },
    epochs: { type: 'string' },
    data: { type: 'string' },
    features: { type: 'string' },
    fractions: { type: 'string' },
    seed: { type: 'string', default: '0' },
    batch: { type: 'string', default: '32' },
    target: { type: 'string', default: '10' },
    backend: { type: 'string', default: 'auto' },
    workers: { type: 'string' },
    'no-cache': { type: 'boolean', default: false },
    out: { type: 'string' },
    resume: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
);

let settings;
let out;
if (opt.resume !== undefined) {
  out = resolve(opt.resume);
  try {
    settings = readComparisonSettings(out);
  } catch (err) {
    fail(err.message);
  }
} else {
  const models = opt.models.split(',').map((m) => m.trim()).filter(Boolean);
  for (const m of models) if (!(m in MODELS)) fail(`unknown model '${m}'; choose from ${Object.keys(MODELS).join(', ')}`);
  const splits = opt.splits.split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of splits) if (!COMPARISON_SPLITS.includes(s)) fail(`unknown split '${s}'; choose from ${COMPARISON_SPLITS.join(', ')}`);
  const splitDir = opt['split-dir'] === undefined ? undefined : resolve(opt['split-dir']);
  if (splitDir !== undefined && !splits.includes('lists')) splits.push('lists');
  if (splits.includes('lists') && splitDir === undefined) fail("the lists split needs --split-dir DIR (a folder of train*.txt, valid*.txt, test*.txt)");
  if (splitDir !== undefined && !existsSync(splitDir)) fail(`--split-dir ${splitDir} does not exist`);
  const data = opt.data ?? defaultDataDir();
  if (data !== 'synthetic' && !existsSync(data)) fail(`no data at ${resolve(data)} (pass --data DIR, or --data synthetic)`);
  let groups = DEFAULT_GROUPS;
  try {
    if (opt.features !== undefined) groups = parseFeatureGroups(opt.features);
  } catch (err) {
    fail(err.message);
  }
  let fractions;
  if (opt.fractions !== undefined) {
    const parts = opt.fractions.split(',').map(Number);
    if (parts.length !== 3 || parts.some((v) => !(v >= 0))) fail(`--fractions needs three numbers like 0.7,0.1,0.2, got '${opt.fractions}'`);
    fractions = { train: parts[0], valid: parts[1], test: parts[2] };
  }
  const seed = Number(opt.seed);
  if (!Number.isInteger(seed)) fail(`--seed must be an integer, got '${opt.seed}'`);
  const target = Number(opt.target);
  if (!(target >= 0)) fail(`--target must be a number of points >= 0, got '${opt.target}'`);
  settings = {
    models,
    splits,
    splitDir,
    epochs: epochsPerModel(opt.epochs, models),
    targetMargin: target / 100,
    base: {
      data: data === 'synthetic' ? data : resolve(data),
      fractions,
      seed,
      runs: positiveInt('runs', opt.runs),
      batchSize: positiveInt('batch', opt.batch),
      groups,
      backend: opt.backend,
    },
  };
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  out = resolve(opt.out ?? join('runs', `compare-${stamp}`));
  if (existsSync(join(out, 'comparison.json'))) fail(`${out} already holds a comparison; continue it with --resume ${out} or choose another --out`);
}

if (!backendNames.includes(settings.base.backend)) fail(`--backend must be one of ${backendNames.join(', ')}, got '${settings.base.backend}'`);
let backend;
try {
  backend = await createBackend(settings.base.backend);
} catch (err) {
  fail(`backend '${settings.base.backend}' cannot run here: ${err.message}`);
}
setBackend(backend);

// Training runs synchronously, so Ctrl-C ends the process at once (Node's default); finished
// experiments and every epoch's checkpoint are on disk, so --resume continues where it stopped.

const started = performance.now();
let current = '';
console.log(`compare: ${settings.models.length} models × ${settings.splits.join(', ')} splits × ${settings.base.runs} runs, backend ${backend.name}, output ${out}`);
try {
  const comparison = await runComparison(
    settings,
    out,
    {
      log: (line) => console.log(`  ${line}`),
      onExtractProgress: progressCallback({ label: 'features', unit: 'clips' }),
      onExperiment: (split, model, index, total) => {
        current = `[${index + 1}/${total}] ${model}, ${split} split, ${settings.epochs[model]} epochs`;
        console.log(`${current}  elapsed ${formatDuration((performance.now() - started) / 1000)}`);
      },
      onEpoch: (run, e) => {
        if (process.stdout.isTTY) process.stdout.write(`\r  run ${run + 1}/${settings.base.runs} epoch ${e.epoch + 1}  acc ${(100 * e.accuracy).toFixed(1)}%  ${e.seconds.toFixed(2)} s   `);
      },
      cacheDir: opt['no-cache'] ? null : undefined,
      workers: opt.workers === undefined ? undefined : positiveInt('workers', opt.workers),
    },
    opt.resume !== undefined,
  );
  if (process.stdout.isTTY) process.stdout.write('\n');
  console.log(`\n${comparison.table}\n`);
  console.log(`test accuracy (%), mean ± std over ${settings.base.runs} runs; data ${settings.base.data}`);
  console.log(formatTarget(comparison.target, settings.targetMargin));
  console.log(`wall time ${formatDuration(comparison.seconds)}; wrote results.json, table.md and one folder per split and model to ${out}`);
} catch (err) {
  if (err instanceof NonFiniteLossError) fail(`${err.message} in ${current}; finished experiments are in ${out}`);
  fail(err.message);
} finally {
  await backend.dispose();
}

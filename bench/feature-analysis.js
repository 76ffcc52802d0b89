#!/usr/bin/env node
// The paper's feature analysis (Fig. 2 and 3): train each model on one feature group alone
// (positive mode) and on all groups but one (negative mode), --runs seeded runs per configuration,
// and write the table, results.json and the two grouped bar charts. Argument parsing and printing
// only; the work lives in src/gtzan/analysis.ts.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  CommandLine,
  ALL_FEATURE_GROUPS,
  ANALYSIS_MODES,
  MODELS,
  NONE_REMOVED,
  NonFiniteLossError,
  analysisConfigs,
  backendNames,
  checkAnalysisSettings,
  createBackend,
  defaultDataDir,
  formatDuration,
  parseFeatureGroups,
  progressCallback,
  readAnalysisSettings,
  runFeatureAnalysis,
  setBackend,
  parseEpochsPerModel,
} from '../dist/index.js';

/** The documented analysis (docs/results.md) trains the LSTM for 20 epochs; other models as the registry says. */
const DEFAULT_EPOCHS = { lstm: 20 };

const HELP = `Usage: node bench/feature-analysis.js [options]
       node bench/feature-analysis.js --resume DIR

Which feature groups matter (the paper's Fig. 2 and 3). Positive mode trains on one group alone,
negative mode on all analysed groups but one (plus a reference with none removed). Every
configuration is --runs seeded trainings on the same split; the table gives test accuracy mean ± std
per group × model × mode. Features are extracted once per clip (cached); an interrupted analysis
continues with --resume where it stopped.

Options:
  --models LIST       models to analyse (default cnn,lstm); any of: ${Object.keys(MODELS).join(', ')}
  --modes LIST        positive,negative (default both)
  --groups LIST       groups analysed (default all: ${ALL_FEATURE_GROUPS.join(',')})
  --runs N            runs per configuration (default 3)
  --epochs E          epochs per run: a number for every model, or per model like cnn=30,lstm=12
                      (default lstm=${DEFAULT_EPOCHS.lstm}, the others their own, e.g. cnn=${MODELS.cnn.epochs})
  --data DIR          labelled audio (default $GTZAN_DIR, else ./data/gtzan); 'synthetic' for the
                      built-in corpus
  --split KIND        random (default) or blocks (whole index blocks per label held out)
  --fractions A,B,C   train,valid,test fractions (default 0.7,0.1,0.2)
  --seed S            seed of the split and of run 1 (default 0)
  --batch N           batch size (default 32)
  --backend NAME      matmul backend: ${backendNames.join(', ')} (default auto)
  --workers N         feature-extraction threads (default: one per core)
  --no-cache          recompute features instead of using .cache/features
  --out DIR           output folder (default runs/feature-analysis-<timestamp>/): results.json,
                      table.md, positive.svg (Fig. 2), negative.svg (Fig. 3), configs/
  --resume DIR        continue an interrupted analysis
  -h, --help          this text

Example:
  node bench/feature-analysis.js --data ../shared/gtzan/excerpts`;

const cli = new CommandLine('feature-analysis', HELP);
const fail = (message) => cli.fail(message);
const positiveInt = (name, text) => cli.positiveInt(name, text);

/** Epochs per model from --epochs (see parseEpochsPerModel), failing with its message. */
function epochsPerModel(text, models) {
  try {
    return parseEpochsPerModel(text, models, DEFAULT_EPOCHS);
  } catch (err) {
    fail(err.message);
  }
}

const { values: opt } = cli.parse(
  {
    models: { type: 'string', default: 'cnn,lstm' },
    modes: { type: 'string', default: ANALYSIS_MODES.join(',') },
    groups: { type: 'string', default: ALL_FEATURE_GROUPS.join(',') },
    runs: { type: 'string', default: '3' },
    epochs: { type: 'string' },
    data: { type: 'string' },
    split: { type: 'string', default: 'random' },
    fractions: { type: 'string' },
    seed: { type: 'string', default: '0' },
    batch: { type: 'string', default: '32' },
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
    settings = readAnalysisSettings(out);
  } catch (err) {
    fail(err.message);
  }
} else {
  const models = opt.models.split(',').map((m) => m.trim()).filter(Boolean);
  for (const m of models) if (!(m in MODELS)) fail(`unknown model '${m}'; choose from ${Object.keys(MODELS).join(', ')}`);
  const modes = opt.modes.split(',').map((m) => m.trim()).filter(Boolean);
  for (const m of modes) if (!ANALYSIS_MODES.includes(m)) fail(`unknown mode '${m}'; choose positive, negative or both`);
  let groups;
  try {
    groups = parseFeatureGroups(opt.groups);
  } catch (err) {
    fail(err.message);
  }
  if (!['random', 'blocks'].includes(opt.split)) fail(`--split must be random or blocks, got '${opt.split}'`);
  const data = opt.data ?? defaultDataDir();
  if (data !== 'synthetic' && !existsSync(data)) fail(`no data at ${resolve(data)} (pass --data DIR, or --data synthetic)`);
  let fractions;
  if (opt.fractions !== undefined) {
    const parts = opt.fractions.split(',').map(Number);
    if (parts.length !== 3 || parts.some((v) => !(v >= 0))) fail(`--fractions needs three numbers like 0.7,0.1,0.2, got '${opt.fractions}'`);
    fractions = { train: parts[0], valid: parts[1], test: parts[2] };
  }
  const seed = Number(opt.seed);
  if (!Number.isInteger(seed)) fail(`--seed must be an integer, got '${opt.seed}'`);
  settings = {
    models,
    modes,
    groups,
    epochs: epochsPerModel(opt.epochs, models),
    base: {
      data: data === 'synthetic' ? data : resolve(data),
      split: opt.split,
      fractions,
      seed,
      runs: positiveInt('runs', opt.runs),
      batchSize: positiveInt('batch', opt.batch),
      backend: opt.backend,
    },
  };
  try {
    checkAnalysisSettings(settings);
  } catch (err) {
    fail(err.message);
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  out = resolve(opt.out ?? join('runs', `feature-analysis-${stamp}`));
  if (existsSync(join(out, 'analysis.json'))) fail(`${out} already holds a feature analysis; continue it with --resume ${out} or choose another --out`);
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

const configs = analysisConfigs(settings);
const started = performance.now();
let current = '';
console.log(
  `feature analysis: ${settings.models.join(', ')} × ${settings.modes.join(', ')} × ${settings.groups.length} groups = ${configs.length} configurations × ${settings.base.runs} runs ` +
    `(epochs ${Object.entries(settings.epochs).map(([m, e]) => `${m} ${e}`).join(', ')}), ${settings.base.split} split, backend ${backend.name}, output ${out}`,
);
try {
  const analysis = await runFeatureAnalysis(
    settings,
    out,
    {
      onExtractProgress: progressCallback({ label: 'features', unit: 'clips' }),
      onConfig: (config, index, total) => {
        const elapsed = (performance.now() - started) / 1000;
        const what = config.mode === 'positive' ? `only ${config.group}` : config.group === NONE_REMOVED ? 'all groups (reference)' : `without ${config.group}`;
        current = `[${index + 1}/${total}] ${config.model} ${config.mode} ${what} (${config.groups.length} group${config.groups.length === 1 ? '' : 's'})`;
        console.log(`${current}  elapsed ${formatDuration(elapsed)}`);
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
  console.log(`\n${analysis.table}\n`);
  console.log(`test accuracy (%), mean ± std over ${settings.base.runs} runs per configuration`);
  console.log(`wall time ${formatDuration(analysis.seconds)} (training ${formatDuration(analysis.trainingSeconds)} summed over configurations)`);
  console.log(`wrote results.json, table.md, ${settings.modes.map((m) => `${m}.svg`).join(', ')} to ${out}`);
} catch (err) {
  if (err instanceof NonFiniteLossError) fail(`${err.message} in ${current}; finished configurations are in ${out}`);
  fail(err.message);
} finally {
  await backend.dispose();
}

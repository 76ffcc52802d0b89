#!/usr/bin/env node
// Every model on the same data under the random and the block split, in one invocation: the README's
// results table (mean ± std test accuracy over --runs, seconds per epoch, parameters) and the check
// of the target (the best model at least 10 points above the better paper model on every split).
// Argument parsing and printing only; the work lives in src/gtzan/compare.ts.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CommandLine, COMPARISON_SPLITS, DEFAULT_GROUPS, MODELS, NonFiniteLossError, backendNames,
  dataFolder, epochTicker, experimentOptions, extractionOptions, formatDuration, formatTarget,
  parseEpochsPerModel, parseFeatureGroups, parseFractions, parseChoices, parseModels, parseSeed,
  progressCallback, readComparisonSettings, runComparison
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
  --features LIST     feature groups for every model (default each model's own; ${DEFAULT_GROUPS.join(',')}
                      unless train.js --help lists others for it)
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
  --overwrite         replace a comparison already in --out (its folder is deleted first);
                      without it such an --out is refused
  --resume DIR        continue an interrupted comparison
  -h, --help          this text

Examples:
  node bench/compare.js --data ../shared/gtzan/excerpts
  node bench/compare.js --data ~/gtzan --splits random --split-dir ../shared/gtzan/splits/filtered`;

const cli = new CommandLine('compare', HELP);
const command = cli.parse({
  ...experimentOptions(5),
  models: { type: 'string', default: Object.keys(MODELS).join(',') },
  splits: { type: 'string', default: 'random,blocks' },
  'split-dir': { type: 'string' },
  features: { type: 'string' },
  target: { type: 'string', default: '10' },
});
const opt = command.values;

/** The settings of a new comparison, from the flags. */
function newComparison() {
  const models = cli.check(() => parseModels(opt.models));
  const splits = cli.check(() => parseChoices('split', opt.splits, COMPARISON_SPLITS));
  const splitDir = opt['split-dir'] === undefined ? undefined : resolve(opt['split-dir']);
  if (splitDir !== undefined && !splits.includes('lists')) splits.push('lists');
  if (splits.includes('lists') && splitDir === undefined) cli.fail('the lists split needs --split-dir DIR (a folder of train*.txt, valid*.txt, test*.txt)');
  if (splitDir !== undefined && !existsSync(splitDir)) cli.fail(`--split-dir ${splitDir} does not exist`);
  const target = Number(opt.target);
  if (!(target >= 0)) cli.fail(`--target must be a number of points >= 0, got '${opt.target}'`);
  return {
    models,
    splits,
    splitDir,
    epochs: cli.check(() => parseEpochsPerModel(opt.epochs, models)),
    targetMargin: target / 100,
    base: {
      data: cli.check(() => dataFolder(opt.data)),
      fractions: cli.check(() => parseFractions(opt.fractions)),
      seed: cli.check(() => parseSeed(opt.seed)),
      runs: cli.positiveInt('runs', opt.runs),
      batchSize: cli.positiveInt('batch', opt.batch),
      ...(opt.features === undefined ? {} : { groups: cli.check(() => parseFeatureGroups(opt.features)) }),
      backend: opt.backend,
    },
  };
}

const job = { prefix: 'compare', read: readComparisonSettings, start: newComparison, existing: ['comparison.json', 'a comparison'] };
const begun = cli.resumable(opt, job, command);
const { settings, out } = begun;

const extraction = cli.check(() => extractionOptions(opt));
const ticker = epochTicker(settings.base.runs);
const backend = await cli.useBackend(settings.base.backend);

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
      onEpoch: ticker.onEpoch,
      ...extraction,
    },
    opt.resume !== undefined,
  );
  ticker.end();
  console.log(`\n${comparison.table}\n`);
  console.log(`test accuracy (%), mean ± std over ${settings.base.runs} runs; data ${settings.base.data}`);
  console.log(formatTarget(comparison.target, settings.targetMargin));
  console.log(`wall time ${formatDuration(comparison.seconds)}; wrote results.json, table.md and one folder per split and model to ${out}`);
} catch (err) {
  cli.discardFailedStart(begun, job);
  if (err instanceof NonFiniteLossError) cli.fail(`${err.message} in ${current}; finished experiments are in ${out}`);
  cli.fail(err.message);
} finally {
  await backend.dispose();
}

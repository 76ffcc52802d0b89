#!/usr/bin/env node
// The paper's feature analysis (Fig. 2 and 3): train each model on one feature group alone
// (positive mode) and on all groups but one (negative mode), --runs seeded runs per configuration,
// and write the table, results.json and the two grouped bar charts. Argument parsing and printing
// only; the work lives in src/gtzan/analysis.ts.
import {
  CommandLine, ALL_FEATURE_GROUPS, ANALYSIS_MODES, MODELS, NONE_REMOVED, NonFiniteLossError,
  analysisConfigs, backendNames, checkAnalysisSettings, dataFolder, epochTicker, experimentOptions,
  extractionOptions, formatDuration, parseEpochsPerModel, parseFeatureGroups, parseFractions,
  parseChoices, parseModels, parseSeed, parseSplitMethod, progressCallback, readAnalysisSettings,
  runFeatureAnalysis
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
  --overwrite         replace an analysis already in --out (its folder is deleted first);
                      without it such an --out is refused
  --resume DIR        continue an interrupted analysis
  -h, --help          this text

Example:
  node bench/feature-analysis.js --data ../shared/gtzan/excerpts`;

const cli = new CommandLine('feature-analysis', HELP);
const command = cli.parse({
  ...experimentOptions(3),
  models: { type: 'string', default: 'cnn,lstm' },
  modes: { type: 'string', default: ANALYSIS_MODES.join(',') },
  groups: { type: 'string', default: ALL_FEATURE_GROUPS.join(',') },
  split: { type: 'string', default: 'random' },
});
const opt = command.values;

/** The settings of a new feature analysis, from the flags. */
function newFeatureAnalysis() {
  const models = cli.check(() => parseModels(opt.models));
  const analysis = {
    models,
    modes: cli.check(() => parseChoices('mode', opt.modes, ANALYSIS_MODES)),
    groups: cli.check(() => parseFeatureGroups(opt.groups)),
    epochs: cli.check(() => parseEpochsPerModel(opt.epochs, models, DEFAULT_EPOCHS)),
    base: {
      data: cli.check(() => dataFolder(opt.data)),
      split: cli.check(() => parseSplitMethod(opt.split)),
      fractions: cli.check(() => parseFractions(opt.fractions)),
      seed: cli.check(() => parseSeed(opt.seed)),
      runs: cli.positiveInt('runs', opt.runs),
      batchSize: cli.positiveInt('batch', opt.batch),
      backend: opt.backend,
    },
  };
  cli.check(() => checkAnalysisSettings(analysis));
  return analysis;
}

const job = { prefix: 'feature-analysis', read: readAnalysisSettings, start: newFeatureAnalysis, existing: ['analysis.json', 'a feature analysis'] };
const begun = cli.resumable(opt, job, command);
const { settings, out } = begun;

const extraction = cli.check(() => extractionOptions(opt));
const ticker = epochTicker(settings.base.runs);
const backend = await cli.useBackend(settings.base.backend);

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
      onEpoch: ticker.onEpoch,
      ...extraction,
    },
    opt.resume !== undefined,
  );
  ticker.end();
  console.log(`\n${analysis.table}\n`);
  console.log(`test accuracy (%), mean ± std over ${settings.base.runs} runs per configuration`);
  console.log(`wall time ${formatDuration(analysis.seconds)} (training ${formatDuration(analysis.trainingSeconds)} summed over configurations)`);
  console.log(`wrote results.json, table.md, ${settings.modes.map((m) => `${m}.svg`).join(', ')} to ${out}`);
} catch (err) {
  cli.discardFailedStart(begun, job);
  if (err instanceof NonFiniteLossError) cli.fail(`${err.message} in ${current}; finished configurations are in ${out}`);
  cli.fail(err.message);
} finally {
  await backend.dispose();
}

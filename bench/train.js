#!/usr/bin/env node
// The main job: train one of tunegrad's models on GTZAN (or the built-in synthetic corpus) with the
// paper's protocol and write results.json plus pictures. Argument parsing and printing only; the
// work lives in src/gtzan (runExperiment, summarize, writeResults).
import {
  ALL_FEATURE_GROUPS, CommandLine, DEFAULT_GROUPS, MODELS, modelGroups, NonFiniteLossError, ProgressBar,
  backendNames, dataFolder, defaultDataDir, experimentOptions, extractionOptions, findClips,
  formatSummary, modelList, parseFeatureGroups, parseFractions, parseSeed, splitFlags,
  progressCallback, readSettings, runExperiment, summarize, verifySha256, writeResults
} from '../dist/index.js';

const HELP = `Usage: node bench/train.js MODEL [options]
       node bench/train.js --resume DIR

Train MODEL ${Object.keys(MODELS).length > 2 ? `(${Object.keys(MODELS).join(', ')})` : ''} on labelled audio with the paper's protocol:
seeded split, --runs trainings with seeds seed, seed+1, ..., test accuracy mean ± std, confusion
matrix and classification report. Without GTZAN it runs on a built-in synthetic corpus.

Models:
${modelList()}

Data:
  --data DIR          labelled audio: genres/<genre>/*.{wav,au}, genres_original/<genre>/*.wav or
                      <label>/*.{wav,au}; 'synthetic' for the built-in corpus.
                      Default: $GTZAN_DIR, else ./data/gtzan, else the synthetic corpus.
  --split KIND        random (seeded, stratified; default) or blocks (hold out whole index
                      blocks per label: neighbouring GTZAN clips share artists)
  --split-dir DIR     train*.txt / valid*.txt / test*.txt lists (e.g. the fault-filtered split);
                      not with --split or --test-data
  --test-data DIR     evaluate on every clip of a second folder (warned about when it is --data)
  --fractions A,B,C   train,valid,test fractions (default 0.7,0.1,0.2)
  --features LIST     feature groups: ${ALL_FEATURE_GROUPS.join(',')}
                      (default the model's own, listed above; else ${DEFAULT_GROUPS.join(',')}:
                      20+1+12+7 = 40 per frame)
  --timesteps T       frames per sequence (default: the shortest clip)
  --segment-frames S  segment models (*-seg*): frames per segment (default 3 s = 129 frames, at most
                      a third of the shortest clip: 29 frames, 0.67 s, on the 2–3-s excerpts)
  --segment-hop H     segment models: frames between evaluation segments (default S/2)
  --verify FILE       check the audio against a sha256 list first
  --workers N         feature-extraction threads (default: one per core)
  --no-cache          recompute features instead of using .cache/features

Training:
  --epochs N          epochs per run (default: the model's own, listed above)
  --runs N            training runs (default 5)
  --seed S            seed of the split and of run 1 (default 0)
  --batch N           batch size (default 32)
  --backend NAME      matmul backend: ${backendNames.join(', ')} (default auto)

Output:
  --out DIR           results folder (default runs/<model>-<timestamp>/): results.json,
                      best-model.tgw (not for ensembles), classifier.tgc (the best run's classifier, for
                      node bench/predict.js --model), accuracy.svg, confusion.svg,
                      features.svg, checkpoints
  --overwrite         replace an experiment already in --out (its folder is deleted first);
                      without it such an --out is refused
  --resume DIR        continue an interrupted experiment from its last checkpoint
  -h, --help          this text

Examples:
  node bench/train.js cnn
  node bench/train.js lstm --data ../shared/gtzan/excerpts --epochs 40
  node bench/train.js cnn --data ~/gtzan --split-dir ../shared/gtzan/splits/filtered`;

const cli = new CommandLine('train', HELP);
const command = cli.parse(
  {
    ...experimentOptions(5),
    split: { type: 'string' },
    'split-dir': { type: 'string' },
    'test-data': { type: 'string' },
    features: { type: 'string' },
    timesteps: { type: 'string' },
    'segment-frames': { type: 'string' },
    'segment-hop': { type: 'string' },
    verify: { type: 'string' },
  },
  true,
);
const { values: opt, positionals } = command;

/** The settings of a new experiment, from the flags. */
function newExperiment() {
  const model = positionals[0];
  if (model === undefined) cli.fail('name a model: ' + Object.keys(MODELS).join(', ') + ' (see --help)');
  if (positionals.length > 1) cli.fail(`name one model, got ${positionals.length}: ${positionals.join(' ')} (compare models with node bench/compare.js --models LIST)`);
  if (!Object.hasOwn(MODELS, model)) cli.fail(`unknown model '${model}'; choose one of ${Object.keys(MODELS).join(', ')}`);
  if ((opt['segment-frames'] !== undefined || opt['segment-hop'] !== undefined) && !MODELS[model].segments) cli.fail(`--segment-frames and --segment-hop apply to segment models only; '${model}' trains on whole clips`);
  const data = cli.check(() => dataFolder(opt.data, true));
  const { split, splitDir, testData, warning } = cli.check(() => splitFlags(opt, data));
  if (warning !== undefined) console.warn(`train: warning: ${warning}`);
  if (data === 'synthetic' && opt.data === undefined) {
    console.log(`No GTZAN found at ${defaultDataDir()} (set --data DIR or GTZAN_DIR).`);
    console.log('GTZAN (1000 clips, 10 genres) is distributed by marsyas.info and mirrored as "genres_original" on');
    console.log('several dataset hubs; unpack it and pass its folder with --data. Running on the built-in synthetic');
    console.log('corpus instead: ten procedurally generated styles, the same pipeline end to end.\n');
  }
  const optionalInt = (name) => (opt[name] === undefined ? undefined : cli.positiveInt(name, opt[name]));
  return {
    model,
    data,
    testData,
    splitDir,
    split,
    fractions: cli.check(() => parseFractions(opt.fractions)),
    seed: cli.check(() => parseSeed(opt.seed)),
    runs: cli.positiveInt('runs', opt.runs),
    epochs: opt.epochs === undefined ? MODELS[model].epochs : cli.positiveInt('epochs', opt.epochs),
    batchSize: cli.positiveInt('batch', opt.batch),
    timesteps: optionalInt('timesteps'),
    segmentFrames: optionalInt('segment-frames'),
    segmentHop: optionalInt('segment-hop'),
    groups: opt.features === undefined ? modelGroups(model) : cli.check(() => parseFeatureGroups(opt.features)),
    backend: opt.backend,
  };
}

const job = { prefix: (s) => s.model, read: readSettings, start: newExperiment, existing: ['settings.json', 'an experiment'] };
const started = cli.resumable(opt, job, command);
const { settings, out } = started;

if (opt.verify !== undefined) {
  if (settings.data === 'synthetic') cli.fail('--verify needs --data DIR');
  const { clips } = cli.check(() => findClips(settings.data));
  const report = cli.check(() => {
    try {
      return verifySha256(clips, opt.verify);
    } catch (err) {
      throw new Error(`--verify: ${err.message}`);
    }
  });
  console.log(`verify: ${report.ok.length} files match ${opt.verify}, ${report.mismatched.length} differ, ${report.missing.length} listed files missing`);
  for (const m of report.mismatched) console.log(`  differs: ${m.file}`);
  if (report.mismatched.length > 0) cli.fail('some files differ from the sha256 list (see above)');
}

const extraction = cli.check(() => extractionOptions(opt));
const backend = await cli.useBackend(settings.backend);
const log = (line) => console.log(line);
const pct = (v) => `${(100 * v).toFixed(1)}%`;
const tty = process.stderr.isTTY === true;
let epochBar = null;
// Training runs synchronously, so Ctrl-C ends the process at once (Node's default); every epoch's
// checkpoint was written atomically before, so --resume continues from the last finished epoch.
console.log(`tunegrad: ${settings.model}, ${settings.runs} run(s) × ${settings.epochs} epochs, batch ${settings.batchSize}, backend ${backend.name}, output ${out}`);
console.log(`checkpoints after every epoch; if interrupted (Ctrl-C), continue with: node bench/train.js --resume ${out}`);
try {
  const outcome = await runExperiment(
    settings,
    out,
    {
      log,
      onExtractProgress: progressCallback({ label: 'features', unit: 'clips' }),
      onBatch: (run, epoch, batch, batches) => {
        if (!tty) return;
        if (batch === 0) epochBar = new ProgressBar(batches, { label: `  epoch ${epoch + 1}`, unit: 'batches' });
        epochBar.update(batch + 1);
        if (batch + 1 === batches) epochBar.finish();
      },
      onEpoch: (run, e) => {
        const val = e.valAccuracy === undefined ? '' : `  val_loss ${e.valLoss.toFixed(4)}  val_acc ${pct(e.valAccuracy)}`;
        log(`  epoch ${String(e.epoch + 1).padStart(3)}/${settings.epochs}  loss ${e.loss.toFixed(4)}  acc ${pct(e.accuracy)}${val}  ${e.seconds.toFixed(2)} s`);
      },
      ...extraction,
      command: `node bench/train.js ${process.argv.slice(2).join(' ')}`,
    },
    opt.resume !== undefined,
  );
  const results = summarize(outcome);
  const files = writeResults(outcome, results, out);
  console.log('\n' + outcome.summary + '\n');
  console.log(formatSummary(results));
  const bestModel = outcome.runs.some((r) => r.members !== undefined) ? '' : 'best-model.tgw and ';
  console.log(`\nwrote ${files.map((f) => f.slice(out.length + 1)).join(', ')}, ${bestModel}classifier.tgc to ${out}`);
  console.log(`classify audio with it: node bench/predict.js --model ${out}/classifier.tgc FILE...`);
} catch (err) {
  cli.discardFailedStart(started, job);
  if (err instanceof NonFiniteLossError) cli.fail(`${err.message}\nTry a smaller learning rate or check the features for NaN; checkpoints so far are in ${out}`);
  cli.fail(err.message);
} finally {
  await backend.dispose();
}

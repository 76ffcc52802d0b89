#!/usr/bin/env node
// Export a dataset's z-scored feature sequences and split as a numpy .npz, so Python tools (the
// Keras reference trainer in ../shared/oracle/train_ref.py) train on exactly tunegrad's features
// and split. Argument parsing and printing only; the work lives in src/gtzan.
import { resolve } from 'node:path';
import {
  CommandLine,
  DEFAULT_GROUPS,
  HELP_OPTION,
  buildTensors,
  corpusNotes,
  dataFolder,
  datasetArrays,
  encodeNpz,
  loadCorpus,
  parseFeatureGroups,
  parseFractions,
  parseSeed,
  parseSplitMethod,
  progressCallback,
  sequenceNote,
  writeFileAtomic,
} from '../dist/index.js';

const HELP = `Usage: node bench/export.js --data DIR --out FILE.npz [options]

Writes X [n, T, F] float32 (z-scored with training statistics), y [n] int32 and the split as
train_idx / val_idx / test_idx (int32), in the order train, valid, test. With the Keras oracle:
  python ../shared/oracle/train_ref.py --data FILE.npz --no-standardize --model cnn_a --epochs 30

Options:
  --data DIR          labelled audio (same layouts as bench/train.js), or 'synthetic'
  --out FILE          the .npz to write (required)
  --split KIND        random (default) or blocks
  --split-dir DIR     train*/valid*/test* lists instead
  --fractions A,B,C   train,valid,test fractions (default 0.7,0.1,0.2)
  --seed S            split seed (default 0)
  --features LIST     feature groups (default ${DEFAULT_GROUPS.join(',')})
  --timesteps T       frames per sequence (default: the shortest clip)
  -h, --help          this text`;

const cli = new CommandLine('export', HELP);
const { values: opt } = cli.parse({
  data: { type: 'string' },
  out: { type: 'string' },
  split: { type: 'string', default: 'random' },
  'split-dir': { type: 'string' },
  fractions: { type: 'string' },
  seed: { type: 'string', default: '0' },
  features: { type: 'string' },
  timesteps: { type: 'string' },
  ...HELP_OPTION,
});
if (opt.data === undefined || opt.out === undefined) cli.fail('--data and --out are required (see --help)');
const corpusOptions = {
  data: cli.check(() => dataFolder(opt.data)),
  split: cli.check(() => parseSplitMethod(opt.split)),
  splitDir: opt['split-dir'] && resolve(opt['split-dir']),
  seed: cli.check(() => parseSeed(opt.seed)),
  fractions: cli.check(() => parseFractions(opt.fractions)),
  onProgress: progressCallback({ label: 'features', unit: 'clips' }),
};
const tensorOptions = {
  groups: opt.features === undefined ? DEFAULT_GROUPS : cli.check(() => parseFeatureGroups(opt.features)),
  timesteps: opt.timesteps === undefined ? undefined : cli.positiveInt('timesteps', opt.timesteps),
};

try {
  const corpus = await loadCorpus(corpusOptions);
  for (const line of corpusNotes(corpus)) console.log(line);
  const tensors = buildTensors(corpus, tensorOptions);
  console.log(sequenceNote(tensors));
  const arrays = datasetArrays(tensors);
  writeFileAtomic(opt.out, encodeNpz(arrays));
  const sizes = [tensors.train, tensors.valid, tensors.test].map((p) => p.n);
  console.log(`wrote ${opt.out}: X [${arrays.X.shape.join(', ')}], split ${sizes.join('/')}, labels ${tensors.labels.join(',')}`);
} catch (err) {
  cli.fail(err.message);
}

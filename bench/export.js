#!/usr/bin/env node
// Export a dataset's z-scored feature sequences and split as a numpy .npz, so Python tools (the
// Keras reference trainer in ../shared/oracle/train_ref.py) train on exactly tunegrad's features
// and split. Argument parsing and printing only; the work lives in src/gtzan.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_GROUPS, buildTensors, loadCorpus, parseFeatureGroups, progressCallback, writeNpz } from '../dist/index.js';

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

const fail = (message) => {
  console.error(`export: ${message}`);
  process.exit(1);
};

let opt;
try {
  ({ values: opt } = parseArgs({
    options: {
      data: { type: 'string' },
      out: { type: 'string' },
      split: { type: 'string', default: 'random' },
      'split-dir': { type: 'string' },
      fractions: { type: 'string' },
      seed: { type: 'string', default: '0' },
      features: { type: 'string' },
      timesteps: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (err) {
  fail(err.message);
}
if (opt.help) {
  console.log(HELP);
  process.exit(0);
}
if (opt.data === undefined || opt.out === undefined) fail('--data and --out are required (see --help)');

try {
  const fractionParts = opt.fractions?.split(',').map(Number);
  if (fractionParts !== undefined && (fractionParts.length !== 3 || fractionParts.some((v) => !(v >= 0)))) fail(`--fractions needs three numbers, got '${opt.fractions}'`);
  const corpus = await loadCorpus({
    data: opt.data === 'synthetic' ? 'synthetic' : resolve(opt.data),
    split: opt.split,
    splitDir: opt['split-dir'],
    seed: Number(opt.seed),
    fractions: fractionParts && { train: fractionParts[0], valid: fractionParts[1], test: fractionParts[2] },
    onProgress: progressCallback({ label: 'features', unit: 'clips' }),
  });
  for (const s of corpus.skipped) console.log(`skipped ${s.file}: ${s.reason}`);
  const tensors = buildTensors(corpus, {
    groups: opt.features === undefined ? DEFAULT_GROUPS : parseFeatureGroups(opt.features),
    timesteps: opt.timesteps === undefined ? undefined : Number(opt.timesteps),
  });
  const parts = [tensors.train, tensors.valid, tensors.test];
  const n = parts.reduce((s, p) => s + p.n, 0);
  const x = new Float32Array(n * tensors.timesteps * tensors.nFeatures);
  const y = new Int32Array(n);
  let row = 0;
  const indices = parts.map((p) => {
    x.set(p.x, row * tensors.timesteps * tensors.nFeatures);
    y.set(p.y, row);
    const idx = Int32Array.from({ length: p.n }, (_, i) => row + i);
    row += p.n;
    return idx;
  });
  writeNpz(opt.out, {
    X: { data: x, shape: [n, tensors.timesteps, tensors.nFeatures] },
    y: { data: y, shape: [n] },
    train_idx: { data: indices[0], shape: [indices[0].length] },
    val_idx: { data: indices[1], shape: [indices[1].length] },
    test_idx: { data: indices[2], shape: [indices[2].length] },
  });
  console.log(`wrote ${opt.out}: X [${n}, ${tensors.timesteps}, ${tensors.nFeatures}], split ${parts.map((p) => p.n).join('/')}, labels ${tensors.labels.join(',')}`);
} catch (err) {
  fail(err.message);
}

#!/usr/bin/env node
// Behaviour fingerprint for refactors: trains models through `bench/train.js` (a child process,
// so it measures the command users run, whatever the internals look like) and hashes what a run
// leaves on disk with the timings taken out. Two fingerprints that compare equal mean the same
// seed and settings gave byte-identical results.json (timings aside), run records, checkpoints and
// best-model.tgw. Argument parsing (the built package's CommandLine) and hashing only.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommandLine, HELP_OPTION, parseList } from '../dist/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXCERPTS = resolve(ROOT, '..', 'shared', 'gtzan', 'excerpts');

const HELP = `Usage: node bench/fingerprint.js --out FILE.json [options]
       node bench/fingerprint.js --compare A.json B.json

Trains each model for --epochs on each data set with bench/train.js (fixed seed, --runs runs,
features recomputed, no cache) and writes, per model and data set, the sha256 of every file the
run wrote: results.json with its timing fields removed, each run-k.json with the epoch seconds
removed, each run-k.ckpt, best-model.tgw. --compare prints the entries that differ and exits 1 if
any do.

Options:
  --models LIST   default cnn,lstm,stats-seg-aug,crnn-seg-mix
  --data LIST     default synthetic and ../shared/gtzan/excerpts (when present)
  --epochs N      default 2
  --runs N        default 2
  --out FILE      where to write the fingerprint (JSON)
  --compare A B   compare two fingerprints
  -h, --help      this text`;

const cli = new CommandLine('fingerprint', HELP);
const fail = (message) => cli.fail(message);
const { values: opt, positionals } = cli.parse(
  {
    models: { type: 'string', default: 'cnn,lstm,stats-seg-aug,crnn-seg-mix' },
    data: { type: 'string' },
    epochs: { type: 'string', default: '2' },
    runs: { type: 'string', default: '2' },
    out: { type: 'string' },
    compare: { type: 'boolean', default: false },
    ...HELP_OPTION,
  },
  true,
);

if (opt.compare) {
  if (positionals.length !== 2) fail('--compare takes two fingerprint files');
  const [a, b] = positionals.map((p) => JSON.parse(readFileSync(p, 'utf8')));
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const differ = keys.filter((k) => a[k] !== b[k]);
  for (const k of keys) console.log(`${differ.includes(k) ? 'DIFFERS' : 'same   '}  ${k}`);
  console.log(`${keys.length - differ.length} of ${keys.length} files identical`);
  process.exit(differ.length === 0 ? 0 : 1);
}

if (opt.out === undefined) fail('--out FILE is required (see --help)');
const datasets = opt.data !== undefined ? parseList(opt.data) : ['synthetic', ...(existsSync(EXCERPTS) ? [EXCERPTS] : [])];
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** results.json without what depends on the clock: seconds per epoch and the finishing time. */
function untimedResults(results) {
  delete results.secondsPerEpoch;
  delete results.environment;
  for (const run of results.runs) {
    delete run.secondsPerEpoch;
    for (const epoch of run.history) delete epoch.seconds;
  }
  return results;
}

function untimedRecord(record) {
  delete record.secondsPerEpoch;
  for (const epoch of record.history) delete epoch.seconds;
  return record;
}

const fingerprint = {};
for (const data of datasets) {
  const dataName = data === 'synthetic' ? 'synthetic' : data.split('/').pop();
  for (const model of parseList(opt.models)) {
    const out = mkdtempSync(join(tmpdir(), 'tunegrad-fingerprint-'));
    const args = [join(ROOT, 'bench', 'train.js'), model, '--data', data, '--epochs', opt.epochs, '--runs', opt.runs, '--seed', '0', '--no-cache', '--out', join(out, 'run')];
    process.stderr.write(`${model} on ${dataName}...\n`);
    const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (run.status !== 0) fail(`train.js ${model} on ${data} failed:\n${run.stderr}`);
    const dir = join(out, 'run');
    for (const file of readdirSync(dir).sort()) {
      const path = join(dir, file);
      let bytes;
      if (file === 'results.json') bytes = JSON.stringify(untimedResults(JSON.parse(readFileSync(path, 'utf8'))));
      else if (/^run-\d+\.json$/.test(file)) bytes = JSON.stringify(untimedRecord(JSON.parse(readFileSync(path, 'utf8'))));
      else if (file.endsWith('.ckpt') || file.endsWith('.tgw')) bytes = readFileSync(path);
      else continue;
      fingerprint[`${dataName}/${model}/${file}`] = sha256(bytes);
    }
    rmSync(out, { recursive: true, force: true });
  }
}
writeFileSync(opt.out, `${JSON.stringify(fingerprint, null, 1)}\n`);
console.log(`wrote ${Object.keys(fingerprint).length} file hashes to ${opt.out}`);

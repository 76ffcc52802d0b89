/** `node bench/train.js` as a user runs it: help, clear errors, and a short run on the synthetic default. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { projectRoot } from '../util/skip.js';

const test = suite('bench/train.js');

const train = (...args: string[]) => spawnSync(process.execPath, ['bench/train.js', ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, GTZAN_DIR: join(tmpdir(), 'no-gtzan-here') } });

test('--help documents every flag', () => {
  const r = train('--help');
  assert.is(r.status, 0);
  for (const flag of ['--data', '--split', '--split-dir', '--test-data', '--features', '--timesteps', '--epochs', '--runs', '--seed', '--batch', '--backend', '--out', '--resume', '--verify']) {
    assert.ok(r.stdout.includes(flag), `help mentions ${flag}`);
  }
});

test('bad input: one clear line on stderr and exit code 1', () => {
  for (const [args, message] of [
    [['svm'], /unknown model 'svm'/],
    [['cnn', '--epochs', 'ten'], /--epochs must be a positive integer, got 'ten'/],
    [['cnn', '--data', '/nonexistent/folder'], /\/nonexistent\/folder/],
    [['cnn', '--features', 'mfcc,loudness'], /loudness/],
    [['--resume', '/nonexistent/run'], /no settings.json here/],
    [['cnn', '--data', 'synthetic', '--split', 'blocks', '--split-dir', 'lists'], /^train: --split and --split-dir both choose the split; give one of them$/],
    [['cnn', '--data', 'synthetic', '--test-data', 'other', '--split-dir', 'lists'], /^train: --test-data and --split-dir both choose the test clips; give one of them$/],
    [['cnn', '--seed', '4294967296'], /^train: --seed must be an integer, got '4294967296'; seeds run from 0 to 4294967295$/],
    [['toString'], /^train: unknown model 'toString'/],
    [['cnn', 'lstm'], /^train: name one model, got 2: cnn lstm \(compare models with node bench\/compare\.js --models LIST\)$/],
  ] as const) {
    const r = train(...args);
    assert.is(r.status, 1, `${args.join(' ')} exits 1`);
    assert.match(r.stderr.trim(), message);
  }
});

test('--test-data naming the --data folder is warned about', () => {
  const data = mkdtempSync(join(tmpdir(), 'tunegrad-train-'));
  try {
    const r = train('cnn', '--data', data, '--test-data', `${data}/`, '--out', join(data, 'out'), '--backend', 'reference');
    assert.match(r.stderr, new RegExp(`^train: warning: --test-data ${data} is the --data folder: the test clips are also training clips`, 'm'));
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});

test('--out onto an experiment is refused without --overwrite; a start that fails leaves no folder', () => {
  const root = mkdtempSync(join(tmpdir(), 'tunegrad-train-'));
  try {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    const failed = train('cnn', '--data', empty, '--out', join(root, 'out'), '--backend', 'reference');
    assert.is(failed.status, 1);
    assert.match(failed.stderr, /no labelled audio clips found/);
    assert.not.ok(existsSync(join(root, 'out')), 'no half-made folder');
    const taken = join(root, 'taken');
    mkdirSync(taken);
    writeFileSync(join(taken, 'settings.json'), '{}');
    const refused = train('cnn', '--out', taken, '--backend', 'reference');
    assert.is(refused.status, 1);
    assert.match(refused.stderr.trim(), /^train: \S+ already holds an experiment; continue it with --resume \S+, replace it with --overwrite, or choose another --out$/m);
    assert.is(readFileSync(join(taken, 'settings.json'), 'utf8'), '{}');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('without GTZAN it says so and trains on the synthetic corpus, writing the results folder', () => {
  const out = mkdtempSync(join(tmpdir(), 'tunegrad-train-'));
  try {
    const r = train('cnn', '--epochs', '1', '--runs', '1', '--out', out, '--backend', 'reference');
    assert.is(r.status, 0, r.stderr);
    assert.match(r.stdout, /No GTZAN found/);
    assert.match(r.stdout, /52,290 parameters/);
    assert.match(r.stdout, /mean test accuracy .* \(paper: 46\.60 %\)/);
    for (const f of ['results.json', 'accuracy.svg', 'confusion.svg', 'features.svg', 'best-model.tgw']) assert.ok(existsSync(join(out, f)), f);
    assert.is(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).settings.data, 'synthetic');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test.run();

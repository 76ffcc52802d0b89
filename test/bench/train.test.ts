/** `node bench/train.js` as a user runs it: help, clear errors, and a short run on the synthetic default. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeTensorFile } from '../../src/nn/index.js';
import { syntheticCorpus } from '../../src/gtzan/index.js';
import { projectRoot } from '../util/skip.js';
import { floatWav } from '../util/wav.js';

const test = suite('bench/train.js');

const train = (...args: string[]) => spawnSync(process.execPath, ['bench/train.js', ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, GTZAN_DIR: join(tmpdir(), 'no-gtzan-here') } });

test('--help documents every flag', () => {
  const r = train('--help');
  assert.is(r.status, 0);
  for (const flag of ['--data', '--split', '--split-dir', '--test-data', '--features', '--timesteps', '--epochs', '--runs', '--seed', '--batch', '--backend', '--out', '--resume', '--verify']) {
    assert.ok(r.stdout.includes(flag), `help mentions ${flag}`);
  }
});

test('--verify with a missing or malformed list names the option and the file; no folder is left', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tunegrad-verify-'));
  try {
    const data = join(dir, 'data', 'blues');
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'blues.00000.wav'), 'RIFF');
    writeFileSync(join(dir, 'bad.txt'), 'garbage line\n');
    const cases = [
      [join(dir, 'absent.txt'), /^train: --verify: sha256 list .*absent\.txt: cannot read: no such file \(ENOENT\)$/],
      [join(dir, 'bad.txt'), /^train: --verify: .*bad\.txt:1: expected "SHA256 {2}\[SIZE\] {2}LABEL\/FILE", got "garbage line"$/],
    ] as const;
    for (const [list, message] of cases) {
      const out = join(dir, 'out');
      const r = train('cnn', '--data', join(dir, 'data'), '--verify', list, '--out', out);
      assert.is(r.status, 1, r.stderr);
      assert.match(r.stderr.trim(), message);
      assert.not.ok(existsSync(out), 'no half-made output folder');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
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

/** A data folder of float WAVs holding a tiny synthetic corpus (4 clips of 1.5 s per label). */
function tinyDataFolder(dir: string): string {
  const data = join(dir, 'data');
  for (const clip of syntheticCorpus({ clipsPerClass: 4, seconds: 1.5 }).clips) {
    mkdirSync(join(data, clip.label), { recursive: true });
    writeFileSync(join(data, clip.label, `${clip.name}.wav`), floatWav(clip.samples));
  }
  return data;
}

const crashPreload = join(projectRoot, 'test', 'util', 'crash-at-rename.mjs');
const trainWith = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', crashPreload, 'bench/train.js', ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, GTZAN_DIR: join(tmpdir(), 'no-gtzan-here'), ...env } });

/** What must not depend on a crash: run records (wall times left out), results (the same), the model and checkpoint bytes. */
function outcome(out: string): Record<string, unknown> {
  const withoutSeconds = (text: string) => JSON.parse(text, (key, value) => (key === 'seconds' || key === 'secondsPerEpoch' || key === 'finished' ? undefined : value));
  const files: Record<string, unknown> = {};
  for (const name of readdirSync(out).sort()) {
    if (name.endsWith('.json')) files[name] = withoutSeconds(readFileSync(join(out, name), 'utf8'));
    else if (name.endsWith('.tgw') || name.endsWith('.ckpt')) files[name] = createHash('sha256').update(readFileSync(join(out, name))).digest('hex');
    else if (name.endsWith('.tgc')) files[name] = [...decodeTensorFile(readFileSync(join(out, name))).tensors.values()].map((t) => Array.from(t.data));
    else files[name] = 'present';
  }
  return files;
}

test('a crash at every write of an experiment, then --resume: the same records, results and model bytes, no temporary file left', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tunegrad-crash-'));
  try {
    const args = ['cnn', '--data', tinyDataFolder(dir), '--runs', '2', '--epochs', '2', '--batch', '8', '--fractions', '0.5,0.25,0.25', '--no-cache', '--workers', '0', '--backend', 'reference'];
    const reference = join(dir, 'reference');
    const clean = trainWith({}, ...args, '--out', reference);
    assert.is(clean.status, 0, clean.stderr);
    const renames = Number(/renames: (\d+)/.exec(clean.stderr)?.[1]);
    assert.ok(renames >= 12, `${renames} atomic writes`);
    const expected = outcome(reference);
    for (let n = 1; n <= renames; n++) {
      for (const when of n % 3 === 1 ? ['after', 'before'] : ['after']) {
        const out = join(dir, `crash-${n}-${when}`);
        const crashed = trainWith({ TUNEGRAD_CRASH_AT: String(n), TUNEGRAD_CRASH_WHEN: when }, ...args, '--out', out);
        assert.is(crashed.signal, 'SIGKILL', `write ${n} (${when}): the process was killed`);
        if (!existsSync(join(out, 'settings.json'))) continue; // killed before the experiment existed: nothing to resume
        const resumed = trainWith({ TUNEGRAD_CRASH_AT: '-1' }, '--resume', out);
        assert.is(resumed.status, 0, `write ${n} (${when}): ${resumed.stderr}`);
        assert.equal(outcome(out), expected, `crash at write ${n} (${when}), then --resume`);
        assert.equal(readdirSync(out).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--resume refuses other flags, edited records, another model\'s checkpoint and changed data, each in one line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tunegrad-resume-'));
  try {
    const data = tinyDataFolder(dir);
    const common = ['--data', data, '--runs', '1', '--epochs', '1', '--batch', '8', '--fractions', '0.5,0.25,0.25', '--no-cache', '--backend', 'reference'];
    const out = join(dir, 'cnn');
    const other = join(dir, 'lstm');
    assert.is(train('cnn', ...common, '--out', out).status, 0);
    assert.is(train('lstm', ...common, '--out', other).status, 0);
    const refused = (why: RegExp, label: string, ...extra: string[]) => {
      const r = train('--resume', out, ...extra);
      assert.is(r.status, 1, `${label}: exit 1`);
      assert.match(r.stderr.trim().split('\n').at(-1)!, why, label);
      assert.not.match(r.stderr, /\n\s+at /, `${label}: no stack trace`);
    };
    refused(/^train: --resume continues with the settings in .*settings\.json; --epochs cannot change them/, 'another flag', '--epochs', '5');
    const settingsPath = join(out, 'settings.json');
    const settings = readFileSync(settingsPath, 'utf8');
    writeFileSync(settingsPath, '{}');
    refused(/^train: .*settings\.json: "model" is missing, expected one of/, 'settings.json emptied');
    writeFileSync(settingsPath, settings.replace('"epochs": 1', '"epochs": "1"'));
    refused(/^train: .*settings\.json: "epochs" is "1", expected a positive integer$/, 'a string where a number belongs');
    writeFileSync(settingsPath, settings);
    const record = readFileSync(join(out, 'run-0.json'), 'utf8');
    writeFileSync(join(out, 'run-0.json'), 'null');
    refused(/^train: .*run-0\.json: the file is null, not an object$/, 'run record null');
    writeFileSync(join(out, 'run-0.json'), record);
    copyFileSync(join(other, 'run-0.ckpt'), join(out, 'run-0.ckpt'));
    refused(/^train: .*run-0\.ckpt: holds a model other than cnn on 40 features and 10 labels \(settings\.json\); it belongs to another experiment$/, "another model's checkpoint");
    copyFileSync(join(other, 'run-0.ckpt'), join(out, 'run-0.ckpt'));
    const ckpt = readFileSync(join(out, 'run-0.ckpt'));
    ckpt[ckpt.length - 1] ^= 1;
    writeFileSync(join(out, 'run-0.ckpt'), ckpt);
    refused(/^train: .*run-0\.ckpt: checksum mismatch/, 'a damaged checkpoint');
    const label = readdirSync(data).sort()[0];
    rmSync(join(data, label, readdirSync(join(data, label)).sort()[3]));
    refused(/^train: .*settings\.json: the data in .* changed since this experiment started .* start a new experiment instead$/, 'a clip removed from the data');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();

/**
 * CommandLine, the bench scripts' shared parsing: values, --help, errors that name the script and
 * the flag (with the command's usage status), parsers turned into failures, and the settings and
 * output folder of a resumable command.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CommandLine } from '../../../src/gtzan/cli/command-line.js';
import { parseSeed } from '../../../src/gtzan/cli/options.js';
import { tempDir, writeFile } from '../../util/files.js';

const test = suite('CommandLine');

const options = { runs: { type: 'string', default: '5' }, help: { type: 'boolean', short: 'h', default: false } } as const;

/** Run `body` with process.exit and the console captured; returns the exit code (null: none) and what was printed. */
function capture(body: () => void): { code: number | null; stdout: string; stderr: string } {
  const saved = { exit: process.exit, log: console.log, error: console.error };
  const out = { code: null as number | null, stdout: '', stderr: '' };
  process.exit = ((code?: number) => {
    out.code = code ?? 0;
    throw new Error('exit');
  }) as typeof process.exit;
  console.log = (text: string) => void (out.stdout += text);
  console.error = (text: string) => void (out.stderr += text);
  try {
    body();
  } catch (err) {
    if ((err as Error).message !== 'exit') throw err;
  } finally {
    Object.assign(process, { exit: saved.exit });
    console.log = saved.log;
    console.error = saved.error;
  }
  return out;
}

test('parses values and positionals; positiveInt accepts whole numbers >= 1', () => {
  const cli = new CommandLine('train', 'usage text');
  const { values, positionals } = cli.parse(options, true, ['cnn', '--runs', '3']);
  assert.equal(positionals, ['cnn']);
  assert.is(values.runs, '3');
  assert.is(cli.positiveInt('runs', '3'), 3);
});

test('--help prints the text and exits 0', () => {
  const r = capture(() => new CommandLine('train', 'usage text').parse(options, false, ['-h']));
  assert.equal([r.code, r.stdout], [0, 'usage text']);
});

test('errors name the script, exit 1, and a parse error points at --help', () => {
  const cli = new CommandLine('compare', 'usage text');
  const unknown = capture(() => cli.parse(options, false, ['--rnus', '3']));
  assert.is(unknown.code, 1);
  assert.match(unknown.stderr, /^compare: Unknown option '--rnus'[^]*\(see node bench\/compare\.js --help\)$/);
  const bad = capture(() => cli.positiveInt('runs', '0'));
  assert.equal([bad.code, bad.stderr], [1, "compare: --runs must be a positive integer, got '0'"]);
});

test('check turns a parser\'s error into a failure; usage errors exit with the command\'s own status', () => {
  const cli = new CommandLine('features', 'usage text', 2);
  assert.is(cli.check(() => parseSeed('4')), 4);
  const bad = capture(() => cli.check(() => parseSeed('x')));
  assert.equal([bad.code, bad.stderr], [1, "features: --seed must be an integer, got 'x'; seeds run from 0 to 4294967295"]);
  const usage = capture(() => cli.parse(options, false, ['--bogus']));
  assert.is(usage.code, 2);
  assert.match(usage.stderr, /^features: Unknown option '--bogus'/);
});

test('resumable: --resume reads the folder; a new job gets --out or runs/<prefix>-<time>, and a folder holding one is refused', () => {
  const { dir, cleanup } = tempDir();
  try {
    const cli = new CommandLine('compare', 'usage text');
    const job = { prefix: 'compare', read: (out: string) => ({ from: out }), start: () => ({ from: 'flags' }), existing: ['comparison.json', 'a comparison'] as [string, string] };
    assert.equal(cli.resumable({ resume: dir }, job), { settings: { from: dir }, out: dir, fresh: false });
    assert.equal(cli.resumable({ out: join(dir, 'new') }, job), { settings: { from: 'flags' }, out: join(dir, 'new'), fresh: true });
    assert.equal(cli.resumable({ out: dir }, job), { settings: { from: 'flags' }, out: dir, fresh: false });
    assert.match(cli.resumable({}, job).out, /\/runs\/compare-[\dT-]+$/);
    writeFile(dir, 'comparison.json', '{}');
    const refused = capture(() => cli.resumable({ out: dir }, job));
    assert.equal([refused.code, refused.stderr], [1, `compare: ${dir} already holds a comparison; continue it with --resume ${dir}, replace it with --overwrite, or choose another --out`]);
    assert.ok(existsSync(join(dir, 'comparison.json')), 'a refused --out is left as it was');
    const both = capture(() => cli.resumable({ resume: dir, overwrite: true }, job));
    assert.equal([both.code, both.stderr], [1, 'compare: --overwrite starts a new job and --resume continues one; give one of them']);
    const missing = capture(() => cli.resumable({ resume: dir }, { ...job, read: () => { throw new Error(`${dir}: no settings.json here`); } }));
    assert.equal([missing.code, missing.stderr], [1, `compare: ${dir}: no settings.json here`]);
  } finally {
    cleanup();
  }
});

test('--overwrite replaces the job in --out; a failed start removes only a folder it made that holds nothing but the settings', () => {
  const { dir, cleanup } = tempDir();
  try {
    const cli = new CommandLine('train', 'usage text');
    const job = { prefix: 'cnn', read: () => ({}), start: () => ({}), existing: ['settings.json', 'an experiment'] as [string, string] };
    const old = join(dir, 'old');
    writeFile(old, 'settings.json', '{}');
    writeFile(old, 'run-0.json', '{}');
    assert.equal(cli.resumable({ out: old, overwrite: true }, job), { settings: {}, out: old, fresh: true });
    assert.not.ok(existsSync(old), 'the old experiment is gone');

    const fresh = cli.resumable({ out: join(dir, 'fresh') }, job);
    writeFile(fresh.out, 'settings.json', '{}');
    cli.discardFailedStart(fresh, job);
    assert.not.ok(existsSync(fresh.out), 'a half-made folder is removed');

    const begun = cli.resumable({ out: join(dir, 'begun') }, job);
    writeFile(begun.out, 'settings.json', '{}');
    writeFile(begun.out, 'run-0.ckpt', 'x');
    cli.discardFailedStart(begun, job);
    assert.ok(existsSync(join(begun.out, 'run-0.ckpt')), 'a folder with a checkpoint stays, for --resume');

    const theirs = join(dir, 'theirs');
    mkdirSync(theirs);
    const given = cli.resumable({ out: theirs }, job);
    writeFile(theirs, 'settings.json', '{}');
    cli.discardFailedStart(given, job);
    assert.ok(existsSync(theirs), 'a folder that existed before is never removed');
  } finally {
    cleanup();
  }
});

test.run();

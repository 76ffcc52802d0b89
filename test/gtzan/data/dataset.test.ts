/**
 * Finding labelled clips in every supported layout (and past what the file system refuses), and
 * checking them against sha256 lists (missing, malformed or empty lists refused; unreadable clips
 * reported).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { clipKey, defaultDataDir, findClips, GTZAN_GENRES, verifySha256 } from '../../../src/gtzan/data/dataset.js';
import { sharedGtzan } from '../../util/skip.js';
import { tempDir, writeFile } from '../../util/files.js';

const test = suite('gtzan/data/dataset');

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

test('finds the 400 shared excerpts as <label>/*.wav, GTZAN genre order, clip numbers parsed', () => {
  const excerpts = sharedGtzan('excerpts');
  if (!excerpts) return;
  const ds = findClips(excerpts);
  assert.equal(ds.labels, [...GTZAN_GENRES]);
  assert.is(ds.clips.length, 400);
  for (const [labelIndex, label] of ds.labels.entries()) {
    const clips = ds.clips.filter((c) => c.label === label);
    assert.is(clips.length, 40, label);
    assert.equal(clips.map((c) => c.index), Array.from({ length: 40 }, (_, k) => k + 1));
    assert.ok(clips.every((c) => c.labelIndex === labelIndex && c.name === `${label}.${String(c.index).padStart(5, '0')}`));
  }
  const first = ds.clips[0];
  assert.is(first.path, join(excerpts, 'blues', 'blues.00001.wav'));
});

test('prefers ROOT/genres/<genre>/ when given the folder above it', () => {
  const root = sharedGtzan();
  if (!root) return;
  const ds = findClips(root);
  assert.is(ds.root, join(root, 'genres'));
  assert.is(ds.clips.length, 30);
  assert.equal(ds.clips.slice(0, 3).map((c) => c.name), ['blues.00000', 'blues.00001', 'blues.00002']);
  assert.equal(ds.clips.slice(0, 3).map((c) => c.index), [0, 1, 2]);
});

test('layouts: genres_original, any <label>/ folders with .au and unnumbered names, flat <label>.<n> files', () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFile(dir, 'a/genres_original/rock/rock.00007.wav');
    writeFile(dir, 'a/genres_original/jazz/jazz.00003.WAV');
    writeFile(dir, 'a/genres_original/jazz/jazz.00010.wav');
    writeFile(dir, 'a/genres_original/jazz/.hidden.wav');
    writeFile(dir, 'a/genres_original/jazz/notes.txt');
    writeFile(dir, 'a/features_30_sec.csv');
    const a = findClips(join(dir, 'a'));
    assert.is(a.root, join(dir, 'a', 'genres_original'));
    assert.equal(a.labels, ['jazz', 'rock']);
    assert.equal(a.clips.map((c) => [c.name, c.label, c.labelIndex, c.index]), [['jazz.00003', 'jazz', 0, 3], ['jazz.00010', 'jazz', 0, 10], ['rock.00007', 'rock', 1, 7]]);

    writeFile(dir, 'b/zebra/growl.au');
    writeFile(dir, 'b/zebra/bark.au');
    writeFile(dir, 'b/Ant/click.wav');
    writeFile(dir, 'b/empty/readme.md');
    const b = findClips(join(dir, 'b'));
    assert.equal(b.labels, ['Ant', 'zebra']);
    assert.equal(b.clips.map((c) => `${c.label}/${c.name}#${c.index}`), ['Ant/click#0', 'zebra/bark#0', 'zebra/growl#1']);
    assert.is(clipKey(b.clips[1]), 'zebra/bark.au');

    writeFile(dir, 'c/metal.00000.au');
    writeFile(dir, 'c/blues.00000.au');
    writeFile(dir, 'c/blues.00004.au');
    writeFile(dir, 'c/mystery.au');
    const c = findClips(join(dir, 'c'));
    assert.equal(c.labels, ['blues', 'metal']);
    assert.equal(c.clips.map((x) => x.name), ['blues.00000', 'blues.00004', 'metal.00000']);
  } finally {
    cleanup();
  }
});

test('the shared .au folder (flat GTZAN names) is found', () => {
  const au = sharedGtzan('au');
  if (!au) return;
  const ds = findClips(au);
  assert.equal(ds.labels, ['blues', 'classical', 'metal']);
  assert.ok(ds.clips.every((c) => c.path.endsWith('.au') && c.index === 0));
});

test('a folder without labelled audio, or no folder, is an error naming it', () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFile(dir, 'docs/readme.txt');
    assert.throws(() => findClips(dir), (err: Error) => err.message.includes(dir) && err.message.includes('no labelled audio'));
    const missing = join(dir, 'nope');
    assert.throws(() => findClips(missing), (err: Error) => err.message.includes(missing) && err.message.includes('does not exist'));
  } finally {
    cleanup();
  }
});

test('defaultDataDir: GTZAN_DIR, else ./data/gtzan', () => {
  assert.is(defaultDataDir({ GTZAN_DIR: '/x/y' }), '/x/y');
  assert.is(defaultDataDir({}), resolve('data', 'gtzan'));
});

test('verifySha256: ok, mismatched (content or size), missing and unlisted, both list formats', () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFile(dir, 'data/pop/pop.00001.wav', 'one');
    writeFile(dir, 'data/pop/pop.00002.wav', 'two, changed');
    writeFile(dir, 'data/rock/rock.00001.wav', 'three');
    writeFile(dir, 'data/rock/rock.00009.wav', 'extra');
    const list = [
      `${sha('one')}  3  genres_original/pop/pop.00001.wav`,
      `${sha('two')}  3  pop/pop.00002.wav`,
      `${sha('three')}  999  rock/rock.00001.wav`,
      `${sha('gone')}  4  rock/rock.00005.wav`,
      '',
    ].join('\n');
    const listPath = writeFile(dir, 'list.txt', list);
    const report = verifySha256(findClips(join(dir, 'data')).clips, listPath);
    assert.equal(report.ok, ['pop/pop.00001.wav']);
    assert.equal(report.mismatched.map((m) => m.file), ['pop/pop.00002.wav', 'rock/rock.00001.wav']);
    assert.is(report.mismatched[0].actual, sha('two, changed'));
    assert.is(report.mismatched[1].actualSize, 5);
    assert.equal(report.missing, ['rock/rock.00005.wav']);
    assert.equal(report.unlisted, ['rock/rock.00009.wav']);

    const sums = writeFile(dir, 'SHA256SUMS', `${sha('one')}  pop/pop.00001.wav\n${sha('three')}  rock/rock.00001.wav\n`);
    const fromSums = verifySha256(findClips(join(dir, 'data')).clips, sums);
    assert.equal(fromSums.ok, ['pop/pop.00001.wav', 'rock/rock.00001.wav']);

    const bad = writeFile(dir, 'bad.txt', `${sha('one')}  pop/pop.00001.wav\nnot-a-hash  pop/x.wav\n`);
    assert.throws(() => verifySha256([], bad), (err: Error) => err.message.includes(`${bad}:2`));
  } finally {
    cleanup();
  }
});

test('the scan goes past what the file system refuses: a link loop as a label folder, a dangling link, a FIFO and a folder named like clips', () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFile(dir, 'pop/pop.00001.wav', 'one');
    writeFile(dir, 'rock/rock.00001.wav', 'two');
    symlinkSync(join(dir, 'loop'), join(dir, 'loop'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'gone'));
    mkdirSync(join(dir, 'rock', 'rock.00002.wav'));
    execFileSync('mkfifo', [join(dir, 'rock', 'rock.00003.wav')]);
    const ds = findClips(dir);
    assert.equal(ds.labels, ['pop', 'rock']);
    assert.equal(ds.clips.map((c) => c.name), ['pop.00001', 'rock.00001', 'rock.00002', 'rock.00003']);
    assert.equal(ds.refused, []);
    const list = writeFile(dir, 'list.txt', ['one', 'two', 'x', 'y'].map((t, i) => `${sha(t)}  ${['pop/pop.00001.wav', 'rock/rock.00001.wav', 'rock/rock.00002.wav', 'rock/rock.00003.wav'][i]}`).join('\n'));
    const report = verifySha256(ds.clips, list);
    assert.equal(report.ok, ['pop/pop.00001.wav', 'rock/rock.00001.wav']);
    assert.equal(report.unreadable, [
      { file: 'rock/rock.00002.wav', reason: 'is a folder, not a file' },
      { file: 'rock/rock.00003.wav', reason: 'is a FIFO (named pipe), not a regular file' },
    ]);
  } finally {
    cleanup();
  }
});

test('a sha256 list that is missing, a folder, malformed or empty is an error naming it', () => {
  const { dir, cleanup } = tempDir();
  try {
    const missing = join(dir, 'missing.txt');
    assert.throws(() => verifySha256([], missing), (err: Error) => err.message === `sha256 list ${missing}: cannot read: no such file (ENOENT)`);
    assert.throws(() => verifySha256([], dir), (err: Error) => err.message === `sha256 list ${dir}: is a folder, not a file`);
    const empty = writeFile(dir, 'empty.txt', '# nothing\n\n');
    assert.throws(() => verifySha256([], empty), (err: Error) => err.message.startsWith(`sha256 list ${empty} holds no entries`));
    const bad = writeFile(dir, 'bad.txt', 'hello world\n');
    assert.throws(() => verifySha256([], bad), (err: Error) => err.message.startsWith(`${bad}:1: expected`));
  } finally {
    cleanup();
  }
});

test('verifySha256 on the shared clips against reference_sha256.txt, and a damaged copy', () => {
  const root = sharedGtzan();
  if (!root) return;
  const listPath = join(root, 'reference_sha256.txt');
  const clips = findClips(root).clips;
  const report = verifySha256(clips, listPath);
  assert.is(report.ok.length, 30);
  assert.is(report.mismatched.length, 0);
  assert.is(report.unlisted.length, 0);
  assert.is(report.missing.length, 986 - 30);
  assert.not.ok(report.missing.includes('blues/blues.00000.wav'));

  const { dir, cleanup } = tempDir();
  try {
    const damaged = writeFile(dir, 'blues/blues.00000.wav', 'not the real clip');
    const copy = verifySha256([{ label: 'blues', path: damaged }], listPath);
    assert.equal(copy.mismatched.map((m) => m.file), ['blues/blues.00000.wav']);
    assert.is(copy.mismatched[0].expected, '728e445a61ebb2ab9cefe779a9af5c44cff39f20308a0a29bce3e3ea597aa592');
  } finally {
    cleanup();
  }
});

test.run();

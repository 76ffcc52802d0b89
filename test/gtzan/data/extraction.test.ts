/**
 * Feature extraction of a batch of clips: every group once per clip, the cache (and a cache that
 * is damaged or cannot be used), skipped clips (undecodable, refused by the file system, non-finite
 * features), .au and WAV alike, worker threads, the DSP fingerprint.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { frameFeatures, readAudioFile, ALL_FEATURE_GROUPS } from '../../../src/dsp/index.js';
import { findClips } from '../../../src/gtzan/data/dataset.js';
import { dspFingerprint, extractFeatures } from '../../../src/gtzan/data/extraction.js';
import { type AudioSource } from '../../../src/gtzan/data/extract-clip.js';
import { syntheticCorpus } from '../../../src/gtzan/data/synthetic/corpus.js';
import { sharedGtzan } from '../../util/skip.js';
import { freshDistGtzan, tempDir, writeFile } from '../../util/files.js';
import { floatWav, toneWav } from '../../util/wav.js';

const test = suite('gtzan/data/extraction');

const synthetic: AudioSource[] = syntheticCorpus({ clipsPerClass: 1, seconds: 0.5 }).clips.slice(0, 3).map((c) => ({ name: c.name, samples: c.samples, sampleRate: c.sampleRate }));

function cacheFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
}

test('every group once per clip, equal to the DSP on the same samples, in input order', async () => {
  const result = await extractFeatures(synthetic, { cacheDir: null, workers: 0 });
  assert.is(result.stats.computed, 3);
  assert.is(result.stats.workers, 0);
  result.features.forEach((f, i) => {
    const direct = frameFeatures((synthetic[i] as { samples: Float32Array }).samples, { groups: [...ALL_FEATURE_GROUPS] });
    assert.equal(f!.groups.map((g) => g.group), [...ALL_FEATURE_GROUPS]);
    assert.equal(f!.names, direct.names);
    assert.equal(Array.from(f!.data), Array.from(direct.data), synthetic[i].name);
  });
});

test('cache: second pass reads every clip back unchanged; damaged entries are recomputed and rewritten', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const first = await extractFeatures(synthetic, { cacheDir: dir, workers: 0 });
    assert.equal([first.stats.computed, first.stats.cached], [3, 0]);
    const files = cacheFiles(dir);
    assert.is(files.length, 3);
    const second = await extractFeatures(synthetic, { cacheDir: dir, workers: 0 });
    assert.equal([second.stats.computed, second.stats.cached], [0, 3]);
    second.features.forEach((f, i) => assert.equal(Array.from(f!.data), Array.from(first.features[i]!.data)));

    const flipped = readFileSync(files[0]);
    flipped[flipped.length - 1] ^= 0x01;
    writeFileSync(files[0], flipped);
    writeFileSync(files[1], readFileSync(files[1]).subarray(0, 100));
    const third = await extractFeatures(synthetic, { cacheDir: dir, workers: 0 });
    assert.equal([third.stats.computed, third.stats.cached], [2, 1]);
    assert.equal(third.stats.repaired.map((r) => r.reason.split(' ')[0]).sort(), ['checksum', 'length']);
    third.features.forEach((f, i) => assert.equal(Array.from(f!.data), Array.from(first.features[i]!.data)));
    const fourth = await extractFeatures(synthetic, { cacheDir: dir, workers: 0 });
    assert.equal([fourth.stats.cached, fourth.stats.repaired.length], [3, 0]);
    assert.equal(cacheFiles(dir), files, 'no temporary files left');
  } finally {
    cleanup();
  }
});

test('corrupt and unreadable clips are skipped with their reasons; the batch goes on', async () => {
  const excerpts = sharedGtzan('excerpts');
  if (!excerpts) return;
  const { dir, cleanup } = tempDir();
  try {
    const good = ['jazz.00001.wav', 'jazz.00002.wav'].map((name) => {
      const path = join(dir, 'jazz', name);
      writeFile(dir, `jazz/${name}`, readFileSync(join(excerpts, 'jazz', name)));
      return path;
    });
    const header = readFileSync(join(excerpts, 'jazz', 'jazz.00003.wav')).subarray(0, 40);
    const corrupt = writeFile(dir, 'jazz/jazz.00054.wav', header);
    const empty = writeFile(dir, 'jazz/jazz.00055.wav', '');
    const sources = [good[0], corrupt, empty, join(dir, 'jazz', 'gone.wav'), good[1]].map((path) => ({ name: path, path }));
    const result = await extractFeatures(sources, { cacheDir: join(dir, 'cache'), workers: 0 });
    assert.equal(result.skipped.map((k) => k.file), [corrupt, empty, join(dir, 'jazz', 'gone.wav')]);
    assert.ok(result.skipped.every((k) => k.reason.length > 0 && !k.reason.includes('\n')));
    assert.equal(result.features.map((f) => f !== null), [true, false, false, false, true]);
    const direct = frameFeatures(readAudioFile(good[1]).samples, { groups: [...ALL_FEATURE_GROUPS] });
    assert.equal(Array.from(result.features[4]!.data), Array.from(direct.data));
  } finally {
    cleanup();
  }
});

test('finite samples of huge size (1e30 in a float WAV): skipped as non-finite features, never cached; the batch goes on', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const huge = writeFile(dir, 'blues/blues.00001.wav', floatWav(Array.from({ length: 4096 }, (_, i) => 1e30 * Math.sin(i / 7))));
    const good = writeFile(dir, 'blues/blues.00002.wav', toneWav(0.5));
    const cacheDir = join(dir, 'cache');
    for (let pass = 0; pass < 2; pass++) {
      const result = await extractFeatures([huge, good].map((path) => ({ name: path, path })), { cacheDir, workers: 0 });
      assert.equal(result.skipped.map((k) => k.file), [huge]);
      assert.match(result.skipped[0].reason, /^non-finite feature \((NaN|-?Infinity)\) \S+ at frame \d+; the samples are finite but reach \|x\| = 1\.00e\+30/);
      assert.equal(result.features.map((f) => f !== null), [false, true]);
      assert.ok(Array.from(result.features[1]!.data).every(Number.isFinite));
    }
    assert.is(cacheFiles(cacheDir).length, 1, 'only the good clip is cached');
  } finally {
    cleanup();
  }
});

test('paths the file system refuses (a folder, a FIFO, a dangling link, a link loop) are skipped with the reason', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const folder = join(dir, 'jazz', 'jazz.00001.wav');
    mkdirSync(folder, { recursive: true });
    const fifo = join(dir, 'jazz', 'jazz.00002.wav');
    execFileSync('mkfifo', [fifo]);
    const dangling = join(dir, 'jazz', 'jazz.00003.wav');
    symlinkSync(join(dir, 'nowhere.wav'), dangling);
    const loop = join(dir, 'jazz', 'jazz.00004.wav');
    symlinkSync(loop, loop);
    const good = writeFile(dir, 'jazz/jazz.00005.wav', toneWav(0.5));
    const result = await extractFeatures([folder, fifo, dangling, loop, good].map((path) => ({ name: path, path })), { cacheDir: join(dir, 'cache'), workers: 0 });
    assert.equal(
      result.skipped.map((k) => [k.file, k.reason]),
      [
        [folder, 'is a folder, not a file'],
        [fifo, 'is a FIFO (named pipe), not a regular file'],
        [dangling, 'dangling symbolic link (its target does not exist)'],
        [loop, 'cannot read: symbolic link loop (ELOOP)'],
      ],
    );
    assert.ok(result.features[4] !== null);
  } finally {
    cleanup();
  }
});

test('a clip without read permission is skipped with the reason (not as root, who reads it anyway)', async () => {
  if (process.getuid?.() === 0) {
    console.log('\n  skip: running as root, so chmod 000 does not stop reading; the permission case is not tested here');
    return;
  }
  const { dir, cleanup } = tempDir();
  try {
    const locked = writeFile(dir, 'jazz/jazz.00001.wav', toneWav(0.5));
    chmodSync(locked, 0o000);
    const result = await extractFeatures([{ name: locked, path: locked }], { cacheDir: null, workers: 0 });
    assert.equal(result.skipped, [{ file: locked, reason: 'cannot read: permission denied (EACCES)' }]);
  } finally {
    cleanup();
  }
});

test('the cache never aborts a batch: a folder where an entry belongs, a file where a shard folder belongs, a cache folder that is a file', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const cacheDir = join(dir, 'cache');
    const first = await extractFeatures(synthetic, { cacheDir, workers: 0 });
    const [entry, other] = cacheFiles(cacheDir);
    rmSync(entry);
    mkdirSync(join(entry, 'inside'), { recursive: true });
    const shard = dirname(other);
    rmSync(shard, { recursive: true });
    writeFileSync(shard, 'not a folder');
    const repaired = await extractFeatures(synthetic, { cacheDir, workers: 0 });
    assert.equal(repaired.skipped, []);
    assert.equal([repaired.stats.computed, repaired.stats.cached, repaired.stats.cacheWarnings], [2, 1, []]);
    assert.equal(repaired.stats.repaired.map((r) => r.reason).sort(), ['the entry is a folder', `its shard folder ${basename(shard)} is a file`].sort());
    repaired.features.forEach((f, i) => assert.equal(Array.from(f!.data), Array.from(first.features[i]!.data)));
    assert.is((await extractFeatures(synthetic, { cacheDir, workers: 0 })).stats.cached, 3, 'the repaired entries are read back');

    const fileCache = writeFile(dir, 'cache-file', 'a file, not a folder');
    const without = await extractFeatures(synthetic, { cacheDir: fileCache, workers: 0 });
    assert.equal(without.skipped, []);
    assert.equal([without.stats.computed, without.stats.cached], [3, 0]);
    assert.equal(without.stats.cacheWarnings, [`the feature cache ${fileCache} cannot be used (is a file, not a folder); computing every clip without it`]);
    assert.is(readFileSync(fileCache, 'utf8'), 'a file, not a folder', 'the file is left alone');
  } finally {
    cleanup();
  }
});

test('an unreadable or unwritable cache folder: one warning, features computed without it (not as root)', async () => {
  if (process.getuid?.() === 0) {
    console.log('\n  skip: running as root, so folder permissions do not stop the cache; the permission case is not tested here');
    return;
  }
  const { dir, cleanup } = tempDir();
  try {
    for (const mode of [0o000, 0o500]) {
      const cacheDir = join(dir, `cache-${mode.toString(8)}`);
      mkdirSync(cacheDir);
      chmodSync(cacheDir, mode);
      const result = await extractFeatures(synthetic, { cacheDir, workers: 0 });
      assert.equal([result.stats.computed, result.skipped.length], [3, 0]);
      assert.equal(result.stats.cacheWarnings, [`the feature cache ${cacheDir} cannot be used (permission denied (EACCES)); computing every clip without it`]);
      chmodSync(cacheDir, 0o700);
    }
  } finally {
    cleanup();
  }
});

test('a Sun .au clip gives the same features as the WAV of the same name', async () => {
  const root = sharedGtzan();
  if (!root) return;
  const sources = [join(root, 'au', 'blues.00000.au'), join(root, 'genres', 'blues', 'blues.00000.wav')].map((path) => ({ name: path, path }));
  const [au, wav] = (await extractFeatures(sources, { cacheDir: null, workers: 0 })).features;
  assert.equal(Array.from(au!.data), Array.from(wav!.data));
});

test('worker threads (compiled build): same features as in one thread, progress for every clip', async () => {
  const excerpts = sharedGtzan('excerpts');
  const dist = freshDistGtzan();
  if (!excerpts || !dist) return;
  const built = (await import(pathToFileURL(join(dist, 'data', 'extraction.js')).href)) as typeof import('../../../src/gtzan/data/extraction.js');
  assert.ok(built.workersAvailable());
  const sources: AudioSource[] = [
    ...findClips(excerpts).clips.filter((c) => c.index <= 2).map((c) => ({ name: c.name, path: c.path })),
    ...synthetic,
  ];
  const inThread = await built.extractFeatures(sources, { cacheDir: null, workers: 0 });
  for (const workers of [2, 3]) {
    const progress: number[] = [];
    const pooled = await built.extractFeatures(sources, { cacheDir: null, workers, onProgress: (done, total) => progress.push(done / total) });
    assert.is(pooled.stats.workers, workers);
    assert.equal(progress, [0, ...sources.map((_, i) => (i + 1) / sources.length)]);
    pooled.features.forEach((f, i) => assert.equal(Array.from(f!.data), Array.from(inThread.features[i]!.data), `${sources[i].name} with ${workers} workers`));
  }
  const single = await built.extractFeatures(sources.slice(0, 1), { cacheDir: null, workers: 4 });
  assert.is(single.stats.workers, 1);
});

test('dspFingerprint is the same on every call', () => {
  assert.is(dspFingerprint(), dspFingerprint());
});

test.run();

/**
 * Loading a corpus: the synthetic one end to end, real excerpts with a corrupt file, the block
 * split, split lists and a separate test folder; hostile data: a short clip, clips with
 * non-finite features in the training and the test folder, an unlistable label folder, one label.
 */
import { chmodSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { corpusNotes, loadCorpus, loadDataset, MIN_CLIP_FRAMES, minimumClipFrames } from '../../../src/gtzan/data/load.js';
import { sequenceNote } from '../../../src/gtzan/data/tensors.js';
import { fitStandardizer } from '../../../src/gtzan/data/normalize.js';
import { sharedGtzan } from '../../util/skip.js';
import { expectClose } from '../../util/close.js';
import { tempDir, writeFile } from '../../util/files.js';
import { floatWav, toneWav } from '../../util/wav.js';

const test = suite('gtzan/data/load');

/** Column means and stds over all frames of [n, T, F] sequences. */
function columnStats(x: Float32Array, n: number, T: number, F: number) {
  return fitStandardizer(Array.from({ length: n }, (_, i) => ({ nFrames: T, nFeatures: F, data: x.subarray(i * T * F, (i + 1) * T * F) })));
}

/** A temporary data folder of links to shared excerpts: `perGenre` clips (numbers 1..perGenre) of each genre. */
function linkedExcerpts(excerpts: string, root: string, genres: string[], perGenre: number): void {
  for (const genre of genres) {
    mkdirSync(join(root, genre), { recursive: true });
    for (let k = 1; k <= perGenre; k++) {
      const name = `${genre}.${String(k).padStart(5, '0')}.wav`;
      symlinkSync(join(excerpts, genre, name), join(root, genre, name));
    }
  }
}

test('synthetic corpus end to end: shapes, labels, split sizes, training-set z-scores, repeatable', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const options = { data: 'synthetic', synthetic: { clipsPerClass: 5, seconds: 1 }, cacheDir: dir, workers: 0, seed: 3 };
    const ds = await loadDataset(options);
    assert.is(ds.labels.length, 10);
    assert.equal([ds.train.n, ds.valid.n, ds.test.n], [30, 10, 10]);
    assert.is(ds.nFeatures, 40);
    assert.equal(ds.groups, ['mfcc', 'centroid', 'chroma', 'contrast']);
    assert.is(ds.featureNames[20], 'spectral_centroid');
    assert.is(ds.timesteps, 1 + Math.floor(22050 / 512));
    assert.is(ds.train.x.length, 30 * ds.timesteps * 40);
    assert.equal(Array.from(new Set(ds.test.y)).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.is(ds.test.names.length, 10);
    const stats = columnStats(ds.train.x, ds.train.n, ds.timesteps, ds.nFeatures);
    expectClose('train mean', stats.mean, new Array(40).fill(0), { atol: 1e-5 });
    expectClose('train std', stats.std, new Array(40).fill(1), { atol: 1e-4 });
    assert.equal(ds.skipped, []);
    assert.equal(ds.corpus.splitInfo.method, 'random');

    const again = await loadDataset(options);
    assert.is(again.corpus.extraction.cached, 50);
    assert.equal(Array.from(again.test.x), Array.from(ds.test.x));
    assert.equal(again.train.names, ds.train.names);
    const otherSeed = await loadDataset({ ...options, seed: 4 });
    assert.not.equal(otherSeed.train.names, ds.train.names);
  } finally {
    cleanup();
  }
});

test('real excerpts with a corrupt file: skipped and reported; block split holds out the highest clip numbers', async () => {
  const excerpts = sharedGtzan('excerpts');
  if (!excerpts) return;
  const { dir, cleanup } = tempDir();
  try {
    const data = join(dir, 'data');
    linkedExcerpts(excerpts, data, ['blues', 'jazz', 'metal'], 10);
    const corrupt = writeFile(data, 'jazz/jazz.00054.wav', readFileSync(join(excerpts, 'jazz', 'jazz.00011.wav')).subarray(0, 60));
    const ds = await loadDataset({ data, split: 'blocks', cacheDir: join(dir, 'cache'), workers: 0 });
    assert.equal(ds.skipped.map((k) => k.file), [corrupt]);
    assert.equal(ds.labels, ['blues', 'jazz', 'metal']);
    assert.equal(ds.test.names, ['blues.00009', 'blues.00010', 'jazz.00009', 'jazz.00010', 'metal.00009', 'metal.00010']);
    assert.equal(ds.valid.names, ['blues.00008', 'jazz.00008', 'metal.00008']);
    assert.is(ds.train.n, 21);
    assert.equal(Array.from(ds.test.y), [0, 0, 1, 1, 2, 2]);
    assert.is(ds.corpus.splitInfo.method, 'blocks');
    const shortest = Math.min(...[...ds.corpus.split.train, ...ds.corpus.split.valid, ...ds.corpus.split.test].map((c) => c.features.nFrames));
    assert.is(ds.timesteps, shortest);
  } finally {
    cleanup();
  }
});

test('all 400 shared excerpts, block split: 28 / 4 / 8 clips per genre, no clip skipped', async () => {
  const excerpts = sharedGtzan('excerpts');
  if (!excerpts) return;
  const ds = await loadDataset({ data: excerpts, split: 'blocks', cacheDir: null });
  assert.equal(ds.skipped, []);
  assert.equal([ds.train.n, ds.valid.n, ds.test.n], [280, 40, 80]);
  assert.ok(ds.test.names.every((n) => Number(n.split('.')[1]) >= 33));
  assert.ok(ds.timesteps >= 1 + Math.floor(2 * 22050 / 512) && ds.timesteps <= 1 + Math.floor(3 * 22050 / 512));
  assert.ok(ds.test.x.every(Number.isFinite));
});

test('split lists and a separate test folder', async () => {
  const excerpts = sharedGtzan('excerpts');
  if (!excerpts) return;
  const { dir, cleanup } = tempDir();
  try {
    const data = join(dir, 'data');
    linkedExcerpts(excerpts, data, ['pop', 'rock'], 6);
    writeFile(dir, 'lists/train.txt', 'pop/pop.00001.wav\npop/pop.00002.wav\nrock/rock.00001.wav\nrock/rock.00002.wav\n');
    writeFile(dir, 'lists/valid.txt', 'pop/pop.00003.wav\n');
    writeFile(dir, 'lists/test.txt', 'pop/pop.00004.wav\nrock/rock.00004.wav\nrock/rock.00099.wav\n');
    const listed = await loadDataset({ data, splitDir: join(dir, 'lists'), cacheDir: null, workers: 0 });
    assert.equal([listed.train.names, listed.valid.names, listed.test.names], [['pop.00001', 'pop.00002', 'rock.00001', 'rock.00002'], ['pop.00003'], ['pop.00004', 'rock.00004']]);
    assert.equal(listed.corpus.splitInfo.missing.map((m) => m.entry), ['rock/rock.00099.wav']);
    assert.is(listed.corpus.splitInfo.unlisted.length, 12 - 7);
    assert.is(listed.corpus.extraction.clips, 7, 'only listed clips are extracted');

    const testFolder = join(dir, 'test');
    mkdirSync(join(testFolder, 'rock'), { recursive: true });
    symlinkSync(join(excerpts, 'rock', 'rock.00030.wav'), join(testFolder, 'rock', 'rock.00030.wav'));
    const separate = await loadDataset({ data, testData: testFolder, split: 'blocks', cacheDir: null, workers: 0 });
    assert.equal(separate.test.names, ['rock.00030']);
    assert.equal(Array.from(separate.test.y), [1]);
    assert.equal([separate.train.n, separate.valid.n], [10, 2]);
    writeFile(dir, 'alien/jazz/jazz.00001.wav', readFileSync(join(excerpts, 'jazz', 'jazz.00001.wav')));
    await loadDataset({ data, testData: join(dir, 'alien'), cacheDir: null, workers: 0 }).then(
      () => assert.unreachable('a test label unknown to training must fail'),
      (err: Error) => assert.ok(err.message.includes('jazz') && err.message.includes(join(dir, 'alien'))),
    );
  } finally {
    cleanup();
  }
});

/** A data folder of 1-s tones: `perLabel` clips of each of `labels` (frequencies differ per label). */
function toneFolder(root: string, labels: string[], perLabel: number): void {
  labels.forEach((label, l) => {
    for (let k = 1; k <= perLabel; k++) writeFile(root, `${label}/${label}.${String(k).padStart(5, '0')}.wav`, toneWav(1, 220 * (l + 1) + 10 * k));
  });
}

test('minimumClipFrames: half the median, at least MIN_CLIP_FRAMES', () => {
  assert.is(minimumClipFrames([1293, 1293, 1290, 3]), 646);
  assert.is(minimumClipFrames([44, 44, 45]), 22);
  assert.is(minimumClipFrames([12, 12]), MIN_CLIP_FRAMES);
  assert.is(minimumClipFrames([]), MIN_CLIP_FRAMES);
});

test('one 0.05-s clip is skipped as too short and does not crop the others; the sequence length says what set it', async () => {
  const { dir, cleanup } = tempDir();
  try {
    toneFolder(dir, ['pop', 'rock'], 5);
    const short = writeFile(dir, 'rock/rock.00006.wav', toneWav(0.05));
    const ds = await loadDataset({ data: dir, cacheDir: null, workers: 0 });
    assert.equal(ds.skipped, [{ file: short, reason: 'too short: 3 frames (0.05 s), below the minimum of 22 frames (half the median clip\'s 44 frames)' }]);
    assert.is(ds.train.n + ds.valid.n + ds.test.n, 10);
    assert.is(ds.timesteps, 44);
    assert.match(ds.timestepsFrom, /^the shortest clip, (pop|rock)\.\d{5} \(44 frames\)$/);
    assert.match(sequenceNote(ds), /^sequence length 44 frames \(1\.00 s\): the shortest clip, /);
    assert.is(sequenceNote(await loadDataset({ data: dir, cacheDir: null, workers: 0, timesteps: 30 })), 'sequence length 30 frames (0.67 s): as given (--timesteps)');
    assert.equal(corpusNotes(ds.corpus), [`skipped ${short}: ${ds.skipped[0].reason}`]);
  } finally {
    cleanup();
  }
});

test('clips with non-finite features are skipped and listed, in the training data and in --test-data', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const data = join(dir, 'data');
    toneFolder(data, ['pop', 'rock'], 4);
    const huge = Array.from({ length: 22050 }, (_, i) => 1e30 * Math.sin(i / 5));
    const inTraining = writeFile(data, 'pop/pop.00009.wav', floatWav(huge));
    const test = join(dir, 'test');
    toneFolder(test, ['rock'], 2);
    const inTest = writeFile(test, 'rock/rock.00003.wav', floatWav(huge));
    const ds = await loadDataset({ data, testData: test, cacheDir: null, workers: 0 });
    assert.equal(ds.skipped.map((s) => s.file), [inTraining, inTest]);
    assert.ok(ds.skipped.every((s) => s.reason.startsWith('non-finite feature')));
    assert.equal(ds.test.names, ['rock.00001', 'rock.00002']);
    assert.is(ds.train.n + ds.valid.n, 8);
    assert.ok([ds.train.x, ds.valid.x, ds.test.x].every((x) => x.every(Number.isFinite)));
  } finally {
    cleanup();
  }
});

test('a data folder with a single label is refused, naming the folder and the label', async () => {
  const { dir, cleanup } = tempDir();
  try {
    toneFolder(dir, ['blues'], 3);
    await loadCorpus({ data: dir, cacheDir: null, workers: 0 }).then(
      () => assert.unreachable('one label must be refused'),
      (err: Error) => assert.is(err.message, `${dir}: every clip has the label 'blues'; a classifier needs clips of at least two labels`),
    );
  } finally {
    cleanup();
  }
});

test('a label folder that cannot be listed is skipped with the reason (not as root)', async () => {
  if (process.getuid?.() === 0) {
    console.log('\n  skip: running as root, so chmod 000 does not stop listing a folder; the permission case is not tested here');
    return;
  }
  const { dir, cleanup } = tempDir();
  try {
    toneFolder(dir, ['pop', 'rock', 'jazz'], 3);
    chmodSync(join(dir, 'jazz'), 0o000);
    const corpus = await loadCorpus({ data: dir, cacheDir: null, workers: 0 });
    assert.equal(corpus.labels, ['pop', 'rock']);
    assert.equal(corpus.skipped, [{ file: join(dir, 'jazz'), reason: `cannot list the folder ${join(dir, 'jazz')}: permission denied (EACCES)` }]);
    chmodSync(join(dir, 'jazz'), 0o700);
  } finally {
    cleanup();
  }
});

test.run();

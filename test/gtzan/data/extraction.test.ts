/** Feature extraction of a batch of clips: every group once per clip, the cache, skipped clips, .au and WAV alike, worker threads, the DSP fingerprint. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

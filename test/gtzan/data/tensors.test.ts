/** From an extracted corpus to tensors: columns of some groups, and other groups and timesteps from one corpus without extracting again. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { frameFeatures } from '../../../src/dsp/index.js';
import { extractFeatures } from '../../../src/gtzan/data/extraction.js';
import { selectGroups, buildTensors } from '../../../src/gtzan/data/tensors.js';
import { type AudioSource } from '../../../src/gtzan/data/extract-clip.js';
import { syntheticCorpus } from '../../../src/gtzan/data/synthetic/corpus.js';
import { loadCorpus } from '../../../src/gtzan/data/load.js';

const test = suite('gtzan/data/tensors');

const synthetic: AudioSource[] = syntheticCorpus({ clipsPerClass: 1, seconds: 0.5 }).clips.slice(0, 3).map((c) => ({ name: c.name, samples: c.samples, sampleRate: c.sampleRate }));

test('selectGroups takes column ranges in the requested order', async () => {
  const [features] = (await extractFeatures(synthetic.slice(0, 1), { cacheDir: null, workers: 0 })).features;
  const direct = frameFeatures((synthetic[0] as { samples: Float32Array }).samples, { groups: ['rms', 'mfcc', 'chroma'] });
  const picked = selectGroups(features!, ['rms', 'mfcc', 'chroma']);
  assert.equal([picked.nFeatures, picked.names, picked.groups], [direct.nFeatures, direct.names, direct.groups]);
  assert.equal(Array.from(picked.data), Array.from(direct.data));
  assert.throws(() => selectGroups(picked, ['zcr']), (err: Error) => err.message.includes('"zcr"') && err.message.includes('rms, mfcc, chroma'));
});

test('buildTensors picks other groups and timesteps from the same corpus without extracting again', async () => {
  const corpus = await loadCorpus({ data: 'synthetic', synthetic: { clipsPerClass: 3, seconds: 0.5 }, cacheDir: null, workers: 0 });
  const mfcc = buildTensors(corpus, { groups: ['mfcc'] });
  assert.is(mfcc.nFeatures, 20);
  const pair = buildTensors(corpus, { groups: ['zcr', 'rms'], timesteps: 30 });
  assert.equal([pair.nFeatures, pair.timesteps, pair.featureNames], [2, 30, ['zero_crossing_rate', 'rms']]);
  const frames = corpus.split.train[0].features.nFrames;
  const padded = pair.train.x.subarray(0, 30 * 2);
  assert.ok(frames < 30 && padded.subarray(frames * 2).every((v) => v === 0), 'frames past the clip are zero');
  assert.ok(padded.subarray(0, frames * 2).some((v) => v !== 0));
});

test.run();

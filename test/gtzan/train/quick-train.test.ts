/** The in-memory synthetic training of the browser app: it learns, and its classifier gives the test accuracy it reports. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { syntheticCorpus } from '../../../src/gtzan/index.js';
import { trainSyntheticClassifier } from '../../../src/gtzan/train/quick-train.js';

const test = suite('gtzan train quick-train');

test('stats on the synthetic corpus: epochs reported, the classifier reproduces the test accuracy', () => {
  const epochs: number[] = [];
  const { classifier, history, testAccuracy, testClips } = trainSyntheticClassifier({ model: 'stats', epochs: 20, seed: 2, onEpoch: (log) => epochs.push(log.epoch) });
  assert.equal(epochs, Array.from({ length: 20 }, (_, e) => e));
  assert.is(history.length, 20);
  assert.ok(history[19].loss < history[0].loss, 'the loss falls');
  assert.ok(testAccuracy > 0.3, `above chance (10 %): ${testAccuracy}`);
  const clips = new Map(syntheticCorpus({ clipsPerClass: 8, seconds: 2, seed: 2 }).clips.map((c) => [c.name, c]));
  const correct = testClips.filter((name) => {
    const clip = clips.get(name)!;
    return classifier.classify(clip.samples, clip.sampleRate).probabilities[0].label === clip.label;
  }).length;
  assert.is(correct / testClips.length, testAccuracy);
  assert.throws(() => trainSyntheticClassifier({ model: 'stats-seg' }), /trains on segments/);
});

test.run();

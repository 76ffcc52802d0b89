/** The synthetic corpus: labels and names, audio ranges, determinism per (seed, class, index), variety and option checks. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SYNTHETIC_LABELS } from '../../../../src/gtzan/data/synthetic/styles.js';
import { syntheticClip, syntheticCorpus } from '../../../../src/gtzan/data/synthetic/corpus.js';

const test = suite('gtzan/data/synthetic');

test('ten sorted labels, clipsPerClass clips each, GTZAN-style names, requested length', () => {
  const corpus = syntheticCorpus({ clipsPerClass: 2, seconds: 0.5 });
  assert.is(corpus.labels.length, 10);
  assert.equal(corpus.labels, [...corpus.labels].sort());
  assert.equal(corpus.labels, [...SYNTHETIC_LABELS]);
  assert.is(corpus.clips.length, 20);
  assert.equal(corpus.clips.slice(0, 2).map((c) => [c.name, c.index, c.labelIndex]), [[`${corpus.labels[0]}.00000`, 0, 0], [`${corpus.labels[0]}.00001`, 1, 0]]);
  assert.ok(corpus.clips.every((c) => c.samples.length === Math.round(0.5 * 22050) && c.sampleRate === 22050));
  assert.equal(corpus.options, { seed: 0, clipsPerClass: 2, seconds: 0.5, sampleRate: 22050 });
});

test('finite audio, peak-normalised into [0.5, 0.9], not silent', () => {
  for (const clip of syntheticCorpus({ clipsPerClass: 3, seconds: 0.6 }).clips) {
    let peak = 0;
    let energy = 0;
    for (const v of clip.samples) {
      assert.ok(Number.isFinite(v), clip.name);
      peak = Math.max(peak, Math.abs(v));
      energy += v * v;
    }
    assert.ok(peak >= 0.5 - 1e-6 && peak <= 0.9 + 1e-6, `${clip.name} peak ${peak}`);
    assert.ok(Math.sqrt(energy / clip.samples.length) > 0.01, `${clip.name} is nearly silent`);
  }
});

test('deterministic from the seed; a clip depends only on (seed, class, index)', () => {
  const a = syntheticCorpus({ seed: 3, clipsPerClass: 2, seconds: 0.4 });
  const b = syntheticCorpus({ seed: 3, clipsPerClass: 3, seconds: 0.4 });
  const c = syntheticCorpus({ seed: 4, clipsPerClass: 2, seconds: 0.4 });
  for (const clip of a.clips) {
    const same = b.clips.find((x) => x.name === clip.name)!;
    assert.equal(Array.from(same.samples), Array.from(clip.samples), clip.name);
    const other = c.clips.find((x) => x.name === clip.name)!;
    assert.not.equal(Array.from(other.samples), Array.from(clip.samples), `${clip.name} with another seed`);
  }
  assert.equal(Array.from(syntheticClip(3, 1, 1, 0.4, 22050)), Array.from(a.clips[3].samples));
});

test('clips within a class differ; bad options are errors naming the option', () => {
  const corpus = syntheticCorpus({ clipsPerClass: 2, seconds: 0.3 });
  assert.not.equal(Array.from(corpus.clips[0].samples), Array.from(corpus.clips[1].samples));
  assert.throws(() => syntheticCorpus({ clipsPerClass: 0 }), /clipsPerClass/);
  assert.throws(() => syntheticCorpus({ seconds: -1 }), /seconds/);
  assert.throws(() => syntheticClip(0, 10, 0, 1, 22050), /class 10/);
});

test.run();

/** Splits: part sizes, the seeded stratified random split and the block split. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { blockSplit, partSizes, randomSplit, type Split } from '../../../src/gtzan/data/splits.js';

const test = suite('gtzan/data/splits');

interface Fake {
  labelIndex: number;
  index: number;
  id: string;
}

/** `perLabel[k]` clips of label k, numbered from `first`, listed label by label. */
function fakeClips(perLabel: number[], first = 1): Fake[] {
  return perLabel.flatMap((n, labelIndex) => Array.from({ length: n }, (_, k) => ({ labelIndex, index: first + k, id: `${labelIndex}.${first + k}` })));
}

function ids(split: Split<Fake>): Record<string, string[]> {
  return { train: split.train.map((c) => c.id), valid: split.valid.map((c) => c.id), test: split.test.map((c) => c.id) };
}

test('partSizes: rounding, minimum one per wanted part, fraction checks', () => {
  assert.equal(partSizes(40, { train: 0.7, valid: 0.1, test: 0.2 }), { train: 28, valid: 4, test: 8 });
  assert.equal(partSizes(3, { train: 0.7, valid: 0.1, test: 0.2 }), { train: 1, valid: 1, test: 1 });
  assert.equal(partSizes(10, { train: 0.8, valid: 0, test: 0.2 }), { train: 8, valid: 0, test: 2 });
  assert.equal(partSizes(2, { train: 0.7, valid: 0.1, test: 0.2 }), { train: 2, valid: 0, test: 0 });
  assert.throws(() => partSizes(10, { train: 0.7, valid: 0.1, test: 0.3 }), /sum to 1/);
  assert.throws(() => partSizes(10, { train: 0, valid: 0.5, test: 0.5 }), /training a share/);
});

test('randomSplit: stratified, disjoint, complete, seeded, parts in input order', () => {
  const clips = fakeClips([40, 40, 39]);
  const a = randomSplit(clips, 7);
  const counts = (part: Fake[]) => [0, 1, 2].map((l) => part.filter((c) => c.labelIndex === l).length);
  assert.equal(counts(a.train), [28, 28, 27]);
  assert.equal(counts(a.valid), [4, 4, 4]);
  assert.equal(counts(a.test), [8, 8, 8]);
  const all = [...a.train, ...a.valid, ...a.test].map((c) => c.id);
  assert.is(new Set(all).size, clips.length);
  for (const part of [a.train, a.valid, a.test]) assert.equal(part, [...part].sort((x, y) => clips.indexOf(x) - clips.indexOf(y)));
  assert.equal(ids(randomSplit(clips, 7)), ids(a));
  assert.not.equal(ids(randomSplit(clips, 8)), ids(a));
  const testIndices = a.test.filter((c) => c.labelIndex === 0).map((c) => c.index);
  assert.not.equal(testIndices, [33, 34, 35, 36, 37, 38, 39, 40], 'random test clips are not the top block');
});

test('blockSplit: lowest indices train, next block validates, highest test, per label', () => {
  const clips = fakeClips([40, 40]).reverse();
  const split = blockSplit(clips);
  const byLabel = (part: Fake[], l: number) => part.filter((c) => c.labelIndex === l).map((c) => c.index).sort((x, y) => x - y);
  const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, k) => a + k);
  for (const l of [0, 1]) {
    assert.equal(byLabel(split.train, l), range(1, 28));
    assert.equal(byLabel(split.valid, l), range(29, 32));
    assert.equal(byLabel(split.test, l), range(33, 40));
  }
  const eighty = blockSplit(fakeClips([39], 0), { train: 0.8, valid: 0, test: 0.2 });
  assert.equal(eighty.test.map((c) => c.index), range(31, 38));
  assert.is(eighty.valid.length, 0);
});

test.run();

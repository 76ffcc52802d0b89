/**
 * Segment training with clip voting: grid positions, stacked segments, augmented training segments
 * (counts, bounds, repeatability from the Rng state), the vote and its metrics.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../../src/autograd/index.js';
import { gainResponse, NO_AUGMENTATION } from '../../../src/gtzan/train/augment.js';
import { type ClipMatrix } from '../../../src/gtzan/data/normalize.js';
import { averageByClip, gridSegments, segmentStarts, trainingSegments, voteMetrics } from '../../../src/gtzan/train/segments.js';
import { expectClose } from '../../util/close.js';

const test = suite('gtzan/train/segments');

/** A clip whose frame t holds [t + offset, -(t + offset)], so every copied frame is recognisable. */
function ramp(nFrames: number, offset: number): ClipMatrix {
  const data = new Float32Array(nFrames * 2);
  for (let t = 0; t < nFrames; t++) data.set([t + offset, -(t + offset)], 2 * t);
  return { nFrames, nFeatures: 2, data };
}

test('grid starts: every hop while the segment fits, one more ending at the last frame, one for a short clip', () => {
  assert.equal(segmentStarts(87, 43, 21), [0, 21, 42, 44]);
  assert.equal(segmentStarts(85, 43, 21), [0, 21, 42]);
  assert.equal(segmentStarts(43, 43, 21), [0]);
  assert.equal(segmentStarts(30, 43, 21), [0]);
  assert.equal(segmentStarts(1293, 129, 64).length, 20);
  assert.throws(() => segmentStarts(87, 0, 21), /positive integer/);
});

test('grid segments: frames copied in clip order with labels and owners; a short clip is zero-padded', () => {
  const segments = gridSegments([ramp(7, 100), ramp(3, 200)], [4, 9], { frames: 4, hop: 3 });
  assert.is(segments.count, 3);
  assert.equal(Array.from(segments.y), [4, 4, 9]);
  assert.equal(Array.from(segments.clip), [0, 0, 1]);
  const firstColumn = Array.from({ length: 3 }, (_, s) => Array.from({ length: 4 }, (_, j) => segments.x[(s * 4 + j) * 2]));
  assert.equal(firstColumn, [
    [100, 101, 102, 103],
    [103, 104, 105, 106],
    [200, 201, 202, 0],
  ]);
});

test('augmented training segments: grid counts, real frames of the clip, different per draw, equal from the same Rng state', () => {
  const clips = [ramp(40, 0), ramp(25, 1000)];
  const protocol = { frames: 10, hop: 5, augment: { randomOffsets: true, maxShiftFrames: 1.5, maxGainDb: 0 }, mixupAlpha: 0 };
  const gain = { response: gainResponse(['a', 'b']), standardizer: { mean: new Float64Array(2), std: new Float64Array([1, 1]) } };
  const rng = new Rng(4);
  const state = rng.state();
  const first = trainingSegments(clips, [1, 2], protocol, gain, rng);
  const second = trainingSegments(clips, [1, 2], protocol, gain, rng);
  const replay = trainingSegments(clips, [1, 2], protocol, gain, Rng.fromState(state));
  assert.is(first.count, 7 + 4);
  assert.equal(Array.from(first.y), [...Array(7).fill(1), ...Array(4).fill(2)]);
  assert.equal(Array.from(replay.x), Array.from(first.x));
  assert.not.equal(Array.from(second.x), Array.from(first.x));
  for (let s = 0; s < first.count; s++) {
    const base = first.clip[s] === 0 ? 0 : 1000;
    const last = first.clip[s] === 0 ? 39 : 1024;
    for (let j = 0; j < 10; j++) {
      const v = first.x[(s * 10 + j) * 2];
      assert.ok(v >= base && v <= last, `segment ${s} frame ${j} = ${v} lies in its clip`);
      if (j > 0) expectClose('consecutive frames one apart', [v - first.x[(s * 10 + j - 1) * 2]], [1], { atol: 1e-4 });
    }
  }
});

test('without augmentation training uses the grid and draws nothing; a gain moves only the responding columns', () => {
  const clips = [ramp(12, 0)];
  const rng = new Rng(1);
  const state = rng.state();
  const standardizer = { mean: new Float64Array([0, 5]), std: new Float64Array([1, 2]) };
  const plain = trainingSegments(clips, [0], { frames: 6, hop: 3, augment: NO_AUGMENTATION, mixupAlpha: 0 }, { response: gainResponse(['x', 'rms']), standardizer }, rng);
  assert.equal(rng.state(), state);
  assert.equal(Array.from(plain.x), Array.from(gridSegments(clips, [0], { frames: 6, hop: 3 }).x));
  const gained = trainingSegments(clips, [0], { frames: 6, hop: 3, augment: { randomOffsets: false, maxShiftFrames: 0, maxGainDb: 6 }, mixupAlpha: 0 }, { response: gainResponse(['x', 'rms']), standardizer }, rng);
  for (let i = 0; i < gained.x.length; i += 2) assert.is(gained.x[i], plain.x[i], 'column without a gain response is unchanged');
  assert.ok(Array.from({ length: gained.x.length / 2 }, (_, k) => gained.x[2 * k + 1] !== plain.x[2 * k + 1]).every(Boolean), 'rms column changes');
});

test('the vote averages segment probabilities per clip; accuracy and loss are per clip', () => {
  const probabilities = [0.6, 0.4, 0.1, 0.9, 0.2, 0.8, 0.7, 0.3];
  const votes = averageByClip(probabilities, Int32Array.from([0, 0, 0, 1]), 2, 2);
  expectClose('votes', votes, [0.3, 0.7, 0.7, 0.3], { atol: 1e-12 });
  const metrics = voteMetrics(votes, [1, 1], 2);
  assert.equal(Array.from(metrics.predicted), [1, 0]);
  assert.is(metrics.accuracy, 0.5);
  expectClose('clip loss', [metrics.loss], [(-Math.log(0.7) - Math.log(0.3)) / 2], { atol: 1e-12 });
  assert.throws(() => averageByClip([0.5, 0.5], Int32Array.from([0]), 2, 2), /clip 1 has no segments/);
});

test.run();

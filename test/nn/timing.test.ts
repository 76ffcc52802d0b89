/** Epoch timing for the benchmarks (src/nn/timing.ts): the oracle-shaped random clips, slicing, the median, timeEpochs's epoch bookkeeping. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { median, paperCnn, sliceClips, syntheticClips, timeEpochs } from '../../src/nn/index.js';
import { expectClose } from '../util/close.js';

const test = suite('nn timing');

test('syntheticClips: shapes, balanced shuffled labels, class-centred unit noise, seeded', () => {
  const { x, labels } = syntheticClips(200, 30, 8, { seed: 4 });
  assert.equal(x.shape, [200, 30, 8]);
  assert.is(x.dtype, 'float32');
  assert.equal([...labels].sort((a, b) => a - b), Array.from({ length: 200 }, (_, i) => Math.floor(i / 20)));
  assert.not.equal(labels.slice(0, 10), Array.from({ length: 10 }, (_, i) => i), 'labels are shuffled');
  // per class and feature: the mean over frames and clips is the class centre, the spread 1
  const means = new Float64Array(10 * 8);
  const squares = new Float64Array(10 * 8);
  for (let n = 0; n < 200; n++) {
    for (let t = 0; t < 30; t++) {
      for (let f = 0; f < 8; f++) {
        const v = x.data[(n * 30 + t) * 8 + f];
        means[labels[n] * 8 + f] += v / 600;
        squares[labels[n] * 8 + f] += (v * v) / 600;
      }
    }
  }
  const spread = Array.from(means, (m, i) => Math.sqrt(squares[i] - m * m));
  expectClose('within-class standard deviation', spread, new Array(80).fill(1), { atol: 0.1 });
  const centres = Array.from(means);
  assert.ok(Math.max(...centres) - Math.min(...centres) > 1, 'class centres differ (N(0, 0.5²) draws)');
  expectClose('same seed, same clips', syntheticClips(200, 30, 8, { seed: 4 }).x.data, x.data, { atol: 0, rtol: 0 });
  assert.ok(syntheticClips(200, 30, 8, { seed: 5 }).x.data[0] !== x.data[0], 'another seed, other clips');
});

test('sliceClips copies a range of clips with their labels', () => {
  const all = syntheticClips(12, 3, 2, { seed: 1 });
  const part = sliceClips(all, 4, 9);
  assert.equal(part.x.shape, [5, 3, 2]);
  assert.equal(part.labels, all.labels.slice(4, 9));
  expectClose('slice values', part.x.data, all.x.data.subarray(4 * 6, 9 * 6), { atol: 0, rtol: 0 });
  part.x.data[0] = 99;
  assert.ok(all.x.data[4 * 6] !== 99, 'a copy');
});

test('median of odd and even counts; empty input is an error', () => {
  assert.is(median([3, 1, 2]), 2);
  assert.is(median([4, 1, 3, 2]), 2.5);
  assert.throws(() => median([]), /no values/);
});

test('timeEpochs trains warm-up + timed epochs and reports each', () => {
  const clips = syntheticClips(10, 12, 4, { seed: 2 });
  const model = paperCnn(4, { timesteps: 12, seed: 0 });
  const seen: number[] = [];
  const times = timeEpochs(model, sliceClips(clips, 0, 8), { epochs: 3, warmUp: 2, batchSize: 4, validation: sliceClips(clips, 8, 10), onEpoch: (e) => seen.push(e) });
  assert.is(model.epoch, 5);
  assert.equal(seen, [0, 1, 2, 3, 4]);
  assert.is(times.warmUp.length, 2);
  assert.is(times.timed.length, 3);
  assert.ok(times.timed.every((s) => s > 0));
  assert.is(times.median, median(times.timed));
  assert.throws(() => timeEpochs(model, clips, { epochs: 0 }), /epochs must be a positive integer/);
});

test.run();

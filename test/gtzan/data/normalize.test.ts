/** Z-scoring with training statistics and fixed-length sequences. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fitStandardizer, sequenceLength, standardize, toSequences, type ClipMatrix } from '../../../src/gtzan/data/normalize.js';
import { Rng } from '../../../src/autograd/random.js';
import { expectClose } from '../../util/close.js';

const test = suite('gtzan/data/normalize');

function randomMatrix(rng: Rng, nFrames: number, nFeatures: number, offset: number): ClipMatrix {
  const data = new Float32Array(nFrames * nFeatures);
  for (let i = 0; i < data.length; i++) data[i] = offset * ((i % nFeatures) + 1) + rng.normal() * ((i % nFeatures) + 0.5);
  return { nFrames, nFeatures, data };
}

test('training statistics over all frames of all clips; z-scored training frames have mean 0, std 1', () => {
  const rng = new Rng(1);
  const train = [randomMatrix(rng, 30, 3, 10), randomMatrix(rng, 17, 3, -4)];
  const stats = fitStandardizer(train);
  for (let f = 0; f < 3; f++) {
    const column = train.flatMap((m) => Array.from({ length: m.nFrames }, (_, t) => m.data[t * 3 + f]));
    const mean = column.reduce((a, b) => a + b, 0) / column.length;
    const std = Math.sqrt(column.reduce((a, b) => a + (b - mean) ** 2, 0) / column.length);
    expectClose(`mean ${f}`, stats.mean[f], mean, { rtol: 1e-12, atol: 1e-12 });
    expectClose(`std ${f}`, stats.std[f], std, { rtol: 1e-12 });
  }
  const z = train.map((m) => standardize(m, stats));
  const again = fitStandardizer(z);
  expectClose('z mean', again.mean, [0, 0, 0], { atol: 1e-6 });
  expectClose('z std', again.std, [1, 1, 1], { rtol: 1e-5 });
});

test('a constant column becomes zeros, not NaN; mismatched widths are errors', () => {
  const m: ClipMatrix = { nFrames: 3, nFeatures: 2, data: Float32Array.from([5, 1, 5, 2, 5, 3]) };
  const z = standardize(m, fitStandardizer([m]));
  assert.equal([z.data[0], z.data[2], z.data[4]], [0, 0, 0]);
  expectClose('varying column', [z.data[1], z.data[3], z.data[5]], [-Math.sqrt(1.5), 0, Math.sqrt(1.5)], { rtol: 1e-6 });
  assert.throws(() => fitStandardizer([m, { nFrames: 1, nFeatures: 3, data: new Float32Array(3) }]), /2 and 3 features/);
  assert.throws(() => fitStandardizer([]), /no training clips/);
});

test('sequences: default length is the shortest clip; longer clips keep their first T frames, shorter are zero-padded', () => {
  const a: ClipMatrix = { nFrames: 3, nFeatures: 2, data: Float32Array.from([1, 2, 3, 4, 5, 6]) };
  const b: ClipMatrix = { nFrames: 2, nFeatures: 2, data: Float32Array.from([7, 8, 9, 10]) };
  assert.is(sequenceLength([a, b]), 2);
  assert.equal(Array.from(toSequences([a, b], 2, 2)), [1, 2, 3, 4, 7, 8, 9, 10]);
  assert.is(sequenceLength([a, b], 4), 4);
  assert.equal(Array.from(toSequences([a, b], 4, 2)), [1, 2, 3, 4, 5, 6, 0, 0, 7, 8, 9, 10, 0, 0, 0, 0]);
  assert.throws(() => sequenceLength([a], 0), /timesteps/);
});

test.run();

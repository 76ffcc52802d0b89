/** The ensemble: its probabilities are the mean of its members' `predict`, and its members must share one architecture. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, Tensor } from '../../src/autograd/index.js';
import { Dense, Ensemble, GlobalAveragePooling1D, Sequential } from '../../src/nn/index.js';
import { expectClose } from '../util/close.js';

const test = suite('nn ensemble');

const network = (seed: number, units = 4, activation: 'softmax' | 'linear' = 'softmax') =>
  new Sequential([new GlobalAveragePooling1D(), new Dense({ units: 8, activation: 'relu' }), new Dense({ units, activation })], { inputShape: [null, 5], seed });

test('predict is the mean of the members\' probabilities, batch by batch as theirs', () => {
  const rng = new Rng(11);
  const x = new Tensor(Float32Array.from({ length: 7 * 6 * 5 }, () => rng.normal()), [7, 6, 5]);
  for (const activation of ['softmax', 'linear'] as const) {
    const members = [1, 2, 3].map((seed) => network(seed, 4, activation));
    const ensemble = new Ensemble(members);
    const p = ensemble.predict(x, { batchSize: 3 });
    assert.equal(p.shape, [7, 4]);
    const each = members.map((m) => m.predict(x, { batchSize: 3 }).data);
    const mean = Array.from({ length: 28 }, (_, i) => (each[0][i] + each[1][i] + each[2][i]) / 3);
    expectClose(`mean of ${activation} members`, p.data, mean, { atol: 0, rtol: 1e-7 });
    for (let r = 0; r < 7; r++) expectClose(`row ${r} sums to 1`, [Array.from(p.data.subarray(r * 4, r * 4 + 4)).reduce((s, v) => s + v, 0)], [1], { atol: 1e-6, rtol: 0 });
    assert.not.equal(Array.from(each[0]), Array.from(each[1]), 'the members differ');
  }
});

test('one member predicts as that member; counts, shape and configuration are the members\'', () => {
  const x = new Tensor(Float32Array.from({ length: 2 * 3 * 5 }, (_, i) => Math.sin(i)), [2, 3, 5]);
  const only = network(4);
  assert.equal(Array.from(new Ensemble([only]).predict(x).data), Array.from(only.predict(x).data));
  const ensemble = new Ensemble([network(1), network(2)]);
  assert.is(ensemble.countParams(), 2 * network(1).countParams());
  assert.equal(ensemble.outputShape, network(1).outputShape);
  assert.equal(ensemble.getConfig(), network(1).getConfig());
});

test('refuses no members and members built differently', () => {
  assert.throws(() => new Ensemble([]), /at least one member/);
  assert.throws(() => new Ensemble([network(1), network(2, 3)]), /member 1 .* is built differently from member 0/);
});

test.run();

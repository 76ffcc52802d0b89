/**
 * Mixup: the Gamma and Beta samplers against their moments, and `mixupSamples` trained by the one
 * training loop — repeatable from the model's state, learning a separable problem, stopping on the
 * signal, refusing a softmax output, and restoring the moving statistics after a non-finite batch.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, Tensor } from '../../../src/autograd/index.js';
import { mixupSamples, sampleGamma, sampleSymmetricBeta } from '../../../src/gtzan/train/mixup.js';
import { Adam, BatchNormalization, Dense, GlobalAveragePooling1D, NonFiniteLossError, Sequential, train, type History, type TrainOptions } from '../../../src/nn/index.js';
import { expectClose } from '../../util/close.js';

const test = suite('gtzan/train/mixup');

function moments(draw: () => number, n: number): [number, number] {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const v = draw();
    s += v;
    s2 += v * v;
  }
  return [s / n, s2 / n - (s / n) ** 2];
}

/** Two classes told apart by the sign of feature 0, as [N, 4, 2] sequences. */
function separable(n: number, rng: Rng): { x: Tensor; y: Int32Array } {
  const x = new Float32Array(n * 8);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    for (let t = 0; t < 4; t++) x.set([(y[i] ? 1 : -1) + 0.3 * rng.normal(), rng.normal()], i * 8 + t * 2);
  }
  return { x: new Tensor(x, [n, 4, 2]), y };
}

const model = (seed: number) => new Sequential([new GlobalAveragePooling1D(), new Dense({ units: 2 })], { inputShape: [4, 2], seed, optimizer: new Adam({ learningRate: 0.05 }) });

/** One more epoch of mixup training on (x, y), as the segment protocol runs it. */
function mixupEpoch(m: Sequential, x: Tensor, y: Int32Array, options: Omit<TrainOptions, 'epochs'>): History {
  return train(m, () => mixupSamples(x, y, 2, 0.4), { epochs: m.epoch + 1, ...options });
}

test('Gamma(k) has mean k and variance k; Beta(α, α) has mean 1/2 and variance 1/(4(2α + 1))', () => {
  const rng = new Rng(3);
  for (const k of [0.4, 1, 3.5]) expectClose(`Gamma(${k}) mean, variance`, moments(() => sampleGamma(rng, k), 40000), [k, k], { rtol: 0.05 });
  for (const alpha of [0.2, 0.4, 2]) {
    const draws: number[] = [];
    const [mean, variance] = moments(() => {
      const v = sampleSymmetricBeta(rng, alpha);
      draws.push(v);
      return v;
    }, 40000);
    expectClose(`Beta(${alpha}) mean, variance`, [mean, variance], [0.5, 1 / (4 * (2 * alpha + 1))], { rtol: 0.05 });
    assert.ok(draws.every((v) => v >= 0 && v <= 1));
  }
  assert.throws(() => sampleGamma(rng, 0), /shape must be > 0/);
});

test('mixup training learns, moves the epoch counter, and repeats bit for bit from the same model state', () => {
  const { x, y } = separable(64, new Rng(1));
  const a = model(5);
  const b = model(5);
  const logs = Array.from({ length: 6 }, () => mixupEpoch(a, x, y, { batchSize: 16 }).epochs[0]);
  assert.is(a.epoch, 6);
  assert.ok(logs[5].loss < logs[0].loss, `loss ${logs[0].loss} → ${logs[5].loss}`);
  const clean = a.evaluate(x, Array.from(y)).accuracy;
  assert.ok(clean > 0.95, `accuracy on the unmixed data ${clean}`);
  for (let e = 0; e < 3; e++) mixupEpoch(b, x, y, { batchSize: 16 });
  const resumed = model(99);
  resumed.importState(b.exportState());
  for (let e = 0; e < 3; e++) mixupEpoch(resumed, x, y, { batchSize: 16 });
  assert.equal(resumed.getWeights(), a.getWeights());
});

test('an aborted signal stops before the next batch; a softmax output is refused', () => {
  const { x, y } = separable(32, new Rng(2));
  const m = model(1);
  const controller = new AbortController();
  controller.abort();
  assert.is(mixupEpoch(m, x, y, { batchSize: 8, signal: controller.signal }).stopped, 'signal');
  assert.is(m.epoch, 0);
  const softmax = new Sequential([new GlobalAveragePooling1D(), new Dense({ units: 2, activation: 'softmax' })], { inputShape: [4, 2] });
  assert.throws(() => mixupEpoch(softmax, x, y, { batchSize: 8 }), /outputs logits/);
});

test('a non-finite mixup batch leaves every weight, the BatchNormalization moving statistics included, as before it', () => {
  const { x, y } = separable(32, new Rng(4));
  x.data.fill(Number.NaN, 0, 8);
  const m = new Sequential([new GlobalAveragePooling1D(), new BatchNormalization(), new Dense({ units: 2 })], { inputShape: [4, 2], seed: 3 });
  let before = m.getWeights();
  assert.throws(() => mixupEpoch(m, x, y, { batchSize: 8, onBatchEnd: () => (before = m.getWeights()) }), (err: unknown) => err instanceof NonFiniteLossError);
  assert.equal(m.getWeights(), before);
});

test.run();

/**
 * StatsPooling1D: the three statistics against a direct float64 computation, gradients against
 * central differences in float64, shapes and the errors for inputs it cannot pool.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, Tensor, noGrad } from '../../src/autograd/index.js';
import { STATS_EPSILON, StatsPooling1D } from '../../src/nn/index.js';
import { expectClose } from '../util/close.js';
import { gradCheck, param64 } from '../util/gradcheck.js';

const test = suite('nn StatsPooling1D');

const rng = new Rng(91);

/** mean, √(var + ε), mean |Δ| per (b, c), written out loop by loop. */
function directStats(x: Tensor): number[] {
  const [batch, steps, channels] = x.shape;
  const at = (b: number, t: number, c: number) => x.data[(b * steps + t) * channels + c];
  const out: number[] = [];
  for (let b = 0; b < batch; b++) {
    const means: number[] = [];
    const stds: number[] = [];
    const changes: number[] = [];
    for (let c = 0; c < channels; c++) {
      let m = 0;
      for (let t = 0; t < steps; t++) m += at(b, t, c) / steps;
      let v = 0;
      for (let t = 0; t < steps; t++) v += (at(b, t, c) - m) ** 2 / steps;
      let d = 0;
      for (let t = 0; t + 1 < steps; t++) d += Math.abs(at(b, t + 1, c) - at(b, t, c)) / (steps - 1);
      means.push(m);
      stds.push(Math.sqrt(v + STATS_EPSILON));
      changes.push(d);
    }
    out.push(...means, ...stds, ...changes);
  }
  return out;
}

test('mean, std and mean absolute change per channel, as a direct loop computes them', () => {
  const x = param64([3, 7, 4], rng);
  const y = noGrad(() => new StatsPooling1D().apply(x));
  assert.equal(y.shape, [3, 12]);
  expectClose('stats', y.data, directStats(x), { atol: 1e-12, rtol: 1e-12 });
});

test('known values: a ramp has std √(var + ε) and a change of exactly its slope', () => {
  const x = new Tensor(Float64Array.from([0, 2, 4, 6]), [1, 4, 1]);
  const y = noGrad(() => new StatsPooling1D().apply(x));
  expectClose('ramp', y.data, [3, Math.sqrt(5 + STATS_EPSILON), 2], { atol: 1e-12 });
});

test('gradient check in float64 through all three statistics', () => {
  const x = param64([2, 6, 3], rng);
  gradCheck('StatsPooling1D', (t) => new StatsPooling1D().apply(t), [x]);
});

test('a constant channel keeps a finite gradient (ε under the square root)', () => {
  const x = Tensor.zeros([1, 5, 2], 'float64', true);
  x.data.fill(0.5);
  gradCheck('StatsPooling1D on a constant input', (t) => new StatsPooling1D().apply(t), [x], { atol: 1e-5 });
  assert.ok(Array.from(x.grad ?? []).every(Number.isFinite));
});

test('shapes: (None, T, C) → (None, 3C), any length >= 2; errors name the layer', () => {
  const layer = new StatsPooling1D();
  assert.equal(layer.build([null, null, 40]), [null, 120]);
  assert.is(layer.countParams(), 0);
  assert.throws(() => layer.apply(param64([2, 40], rng)), /StatsPooling1D 'stats_pooling1d': expected input of rank 3/);
  assert.throws(() => layer.apply(param64([2, 1, 40], rng)), /StatsPooling1D 'stats_pooling1d': expected input with time >= 2/);
  assert.throws(() => layer.apply(param64([2, 5, 39], rng)), /expected input of rank 3 \(batch, time, 40\)/);
});

test.run();

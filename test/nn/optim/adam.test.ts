/**
 * Adam against the textbook: Kingma & Ba's Algorithm 1 with bias-corrected moments, where Keras's
 * ε ("epsilon hat") equals ε̂ = ε·√(1 - β2ᵗ) on the corrected form; against tfjs's Adam over three
 * steps. Also: global-norm clipping and a state round trip.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Tensor, add, backward, mul, sum } from '../../../src/autograd/index.js';
import { Adam, Dense, Regularizer } from '../../../src/nn/index.js';
import { expectClose } from '../../util/close.js';
import type * as TF from '@tensorflow/tfjs';
import { FORWARD, expectMatches, f32, loadTf, tfjsComparison } from '../../util/tfjs.js';

const test = suite('nn Adam');

/** Algorithm 1 of the paper, with m̂ = m/(1-β1ᵗ), v̂ = v/(1-β2ᵗ) and w -= lr·m̂/(√v̂ + ε̂). */
function textbookTrajectory(w0: number[], gradients: number[][], lr: number, epsilon: number): number[][] {
  const [beta1, beta2] = [0.9, 0.999];
  let w = [...w0];
  const m = w0.map(() => 0);
  const v = w0.map(() => 0);
  const out: number[][] = [];
  gradients.forEach((g, step) => {
    const t = step + 1;
    w = w.map((wi, i) => {
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
      const mHat = m[i] / (1 - beta1 ** t);
      const vHat = v[i] / (1 - beta2 ** t);
      const epsilonHat = epsilon / Math.sqrt(1 - beta2 ** t);
      return wi - (lr * mHat) / (Math.sqrt(vHat) + epsilonHat);
    });
    out.push(w);
  });
  return out;
}

function run(adam: Adam, w0: number[], gradients: number[][]): number[][] {
  const w = Tensor.from(w0, [w0.length], 'float64', true);
  return gradients.map((g) => {
    w.grad = Float64Array.from(g);
    adam.step([w]);
    return Array.from(w.data);
  });
}

const tfjs = tfjsComparison(31337);

test('two steps (and five) follow the paper; gradients near ε show where ε goes', () => {
  // The last two gradients are of the order of ε, where Keras's placement and tfjs's (ε on √v̂) differ.
  const w0 = [0.5, -1.2, 2, 0.1, -0.3];
  const gradients = [
    [0.3, -2, 1e-3, 1e-7, -3e-8],
    [-0.1, -1, 2e-3, 2e-7, 1e-8],
    [0.2, 0.5, -1e-3, 1e-7, -2e-8],
    [0.05, -0.5, 1e-3, 0, 0],
    [1, 1, 1, 1, 1],
  ];
  const ours = run(new Adam(), w0, gradients);
  const expected = textbookTrajectory(w0, gradients, 1e-3, 1e-7);
  ours.forEach((w, t) => expectClose(`step ${t + 1}`, w, expected[t], { rtol: 1e-13, atol: 1e-16 }));
  // For g = ε on the first step Keras moves 3.1e-5; tfjs's form, lr·g/(|g| + ε), would move lr/2.
  const keras = w0[3] - ours[0][3];
  expectClose('Keras 3 first step at g = ε', keras, (1e-3 * Math.sqrt(1e-3) * 1e-8) / 0.1 / (Math.sqrt(1e-3) * 1e-7 + 1e-7), { rtol: 1e-12 });
  assert.ok(Math.abs(keras - 0.5e-3) > 1e-4, 'differs from tfjs placement');
});

test('first step moves every weight by ≈ lr against its gradient, whatever the gradient scale', () => {
  const [step] = run(new Adam({ learningRate: 0.01 }), [0, 0, 0], [[5, -0.02, 300]]);
  expectClose('Δw', step, [-0.01, 0.01, -0.01], { rtol: 1e-3 });
});

test('global-norm clipping scales all gradients by clipNorm / max(norm, clipNorm) (Keras global_clipnorm)', () => {
  const a = Tensor.from([3, 0], [2], 'float64', true);
  const b = Tensor.from([4], [1], 'float64', true);
  a.grad = Float64Array.from([3, 0]);
  b.grad = Float64Array.from([4]);
  const adam = new Adam({ clipNorm: 1 });
  const norm = adam.step([a, b]);
  expectClose('norm before clipping', norm, 5);
  const { m, v } = adam.state();
  expectClose('m = (1-β1)·g·(1/5)', [...m[0], ...m[1]], [0.1 * 0.6, 0, 0.1 * 0.8], { rtol: 1e-12 });
  expectClose('v = (1-β2)·(g/5)²', [...v[0], ...v[1]], [0.001 * 0.36, 0, 0.001 * 0.64], { rtol: 1e-12 });
  const unclipped = new Adam({ clipNorm: 10 });
  a.grad = Float64Array.from([3, 0]);
  b.grad = Float64Array.from([4]);
  unclipped.step([a, b]);
  expectClose('below the threshold nothing changes', unclipped.state().m[1], [0.4], { rtol: 1e-12 });
});

test('state export and import continue a run exactly; mismatched moments are rejected', () => {
  const gradients = [[0.1, -0.2], [0.3, 0.1], [-0.2, 0.05], [0.4, 0.4]];
  const straight = run(new Adam(), [1, 2], gradients);
  const first = new Adam();
  const w = Tensor.from([1, 2], [2], 'float64', true);
  for (const g of gradients.slice(0, 2)) {
    w.grad = Float64Array.from(g);
    first.step([w]);
  }
  const resumed = new Adam();
  resumed.loadState(first.state());
  assert.is(resumed.iterations, 2);
  for (const g of gradients.slice(2)) {
    w.grad = Float64Array.from(g);
    resumed.step([w]);
  }
  assert.equal(Array.from(w.data), straight[3]);
  assert.throws(() => resumed.step([Tensor.zeros([3], 'float64', true)]), /Adam: moments for 1 weights \(sizes 2\) do not fit the 1 weights float64\[3\]/);
});

test('invalid hyper-parameters are rejected', () => {
  assert.throws(() => new Adam({ learningRate: 0 }), /learningRate must be > 0/);
  assert.throws(() => new Adam({ beta2: 1 }), /beta1 and beta2 must be in \[0, 1\)/);
  assert.throws(() => new Adam({ clipNorm: -1 }), /clipNorm must be > 0 or null/);
});

test('Adam: three steps with Keras defaults equal tf.train.adam(1e-3, 0.9, 0.999, 1e-7)', async () => {
  const tf = await loadTf();
  const layer = new Dense({ units: 3 });
  layer.build([null, 4], { dtype: 'float32', rng: tfjs.rng });
  const penalty = new Regularizer({ l2: 0.05 });
  const x = tfjs.randomTensor([5, 4]);
  const r = tfjs.seedFor(15);
  const start = layer.params.map((p) => f32(p.value.data));
  const vars = layer.params.map((p) => tf.variable(tf.tensor(f32(p.value.data), [...p.value.shape])));
  const xT = tf.tensor(f32(x.data), [5, 4]);
  const rT = tf.tensor(f32(r), [5, 3]);
  // tfjs's epsilon default is the backend's (1e-7 on the CPU backend): passed explicitly anyway.
  const theirs = tf.train.adam(0.001, 0.9, 0.999, 1e-7);
  const ours = new Adam();
  assert.equal(ours.config, { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, clipNorm: null });
  for (let step = 1; step <= 3; step++) {
    for (const p of layer.params) p.value.grad = null;
    backward(add(sum(mul(layer.apply(x), new Tensor(r, [5, 3]))), penalty.penalty(layer.kernel)));
    ours.step(layer.params.map((p) => p.value));
    theirs.minimize(() => tf.add(tf.sum(tf.mul(tf.add(tf.matMul(xT, vars[0]), vars[1]), rT)), tf.mul(0.05, tf.sum(tf.square(vars[0])))) as TF.Scalar, false, vars);
    layer.params.forEach((p, k) => {
      const expected = vars[k].dataSync();
      tfjs.report.add('Adam: weights after each of 3 steps', 'forward', expectMatches(`Adam step ${step}: ${p.name}`, p.value.data, expected, FORWARD));
      // The updates themselves (≈ lr per step), so that a wrong step size cannot hide in rtol·|w|.
      const moved = (w: ArrayLike<number>) => Array.from(w, (v, i) => v - start[k][i]);
      expectMatches(`Adam step ${step}: ${p.name} update`, moved(p.value.data), moved(expected), { rtol: 2e-3 });
    });
  }
});

test.after(() => tfjs.report.print());

test.run();

/**
 * BatchNormalization: gradients against central differences in float64 (x, gamma, beta; training
 * and inference mode), and tfjs-layers as the reference for the forward pass in both modes, the
 * training-mode gradients and the moving statistics after several training steps.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type * as TF from '@tensorflow/tfjs';
import { Rng, Tensor, backward } from '../../src/autograd/index.js';
import { BatchNormalization } from '../../src/nn/index.js';
import { gradCheck, param64 } from '../util/gradcheck.js';
import { DeviationReport, FORWARD, GRADIENT, expectMatches, f32, loadTf } from './tfjs.js';

const test = suite('nn batch normalization');
const rng = new Rng(4242);
const report = new DeviationReport();

/** A layer built for x's shape with random gamma, beta and moving statistics (variance in [0.5, 2]). */
function randomised(x: Tensor, options: ConstructorParameters<typeof BatchNormalization>[0] = {}): BatchNormalization {
  const layer = new BatchNormalization(options);
  layer.build([null, ...x.shape.slice(1)], { dtype: x.dtype, rng });
  for (const p of layer.params) for (let i = 0; i < p.value.size; i++) p.value.data[i] = rng.uniform(-1.5, 1.5);
  for (let i = 0; i < layer.movingMean.size; i++) layer.movingMean.data[i] = rng.uniform(-1, 1);
  for (let i = 0; i < layer.movingVariance.size; i++) layer.movingVariance.data[i] = rng.uniform(0.5, 2);
  return layer;
}

/** Inputs with a per-channel offset and spread, so the batch statistics are far from 0 and 1. */
function input64(shape: number[]): Tensor {
  const x = param64(shape, rng);
  const channels = shape[shape.length - 1];
  for (let i = 0; i < x.size; i++) x.data[i] = (i % channels) - 1 + (1 + (i % channels)) * x.data[i];
  return x;
}

test('gradient check in float64, training mode: dX, dgamma, dbeta through the batch mean and variance', () => {
  for (const shape of [[5, 3], [3, 4, 2]]) {
    const x = input64(shape);
    const layer = randomised(x);
    gradCheck(`BatchNormalization training [${shape}]`, (t) => layer.apply(t, { training: true }), [x, layer.gamma!, layer.beta!]);
  }
  const x = input64([4, 3]);
  const plain = randomised(x, { center: false, scale: false, epsilon: 0.1 });
  gradCheck('BatchNormalization training, no gamma or beta', (t) => plain.apply(t, { training: true }), [x]);
});

test('gradient check in float64, inference mode: dX, dgamma, dbeta with the moving statistics', () => {
  const x = input64([2, 3, 4]);
  const layer = randomised(x);
  gradCheck('BatchNormalization inference', (t) => layer.apply(t), [x, layer.gamma!, layer.beta!]);
});

test('defaults are Keras 3\'s; weights are gamma, beta (trainable) and moving_mean, moving_variance (not)', () => {
  const layer = new BatchNormalization();
  layer.build([null, 5], { dtype: 'float32' });
  assert.equal(layer.getConfig(), { className: 'BatchNormalization', config: { name: 'batch_normalization', momentum: 0.99, epsilon: 1e-3, center: true, scale: true } });
  assert.equal(layer.params.map((p) => [p.name, Array.from(p.value.data), p.value.requiresGrad]), [['gamma', [1, 1, 1, 1, 1], true], ['beta', [0, 0, 0, 0, 0], true]]);
  assert.equal(layer.nonTrainableParams.map((p) => [p.name, Array.from(p.value.data), p.value.requiresGrad]), [['moving_mean', [0, 0, 0, 0, 0], false], ['moving_variance', [1, 1, 1, 1, 1], false]]);
  assert.is(layer.countParams(), 20, "Keras's count_params counts the non-trainable weights too");
});

/** The same layer in tfjs with our weights, gamma, beta, moving mean and variance in Keras's order. */
async function twin(ours: BatchNormalization, x: Tensor): Promise<TF.layers.Layer> {
  const tf = await loadTf();
  const theirs = tf.layers.batchNormalization({});
  theirs.apply(tf.zeros([...x.shape]));
  theirs.setWeights([...ours.params, ...ours.nonTrainableParams].map((p) => tf.tensor(f32(p.value.data), [...p.value.shape])));
  assert.is(ours.countParams(), theirs.countParams(), 'parameter count');
  return theirs;
}

function randomInput(shape: number[]): Tensor {
  const x = Tensor.zeros(shape, 'float32', true);
  const channels = shape[shape.length - 1];
  for (let i = 0; i < x.size; i++) x.data[i] = (i % channels) - 1 + (1 + (i % channels)) * rng.uniform(-1, 1);
  return x;
}

test('forward in training and inference mode, and training-mode gradients, equal tfjs ([B, C] and [B, T, C])', async () => {
  const tf = await loadTf();
  for (const shape of [[6, 4], [3, 5, 2]]) {
    const label = `BatchNormalization [${shape}]`;
    const x = randomInput(shape);
    const ours = randomised(x);
    const theirs = await twin(ours, x);
    const xT = tf.tensor(f32(x.data), shape);

    const inference = ours.apply(x);
    report.add(label, 'forward', expectMatches(`${label}: inference forward`, inference.data, (theirs.apply(xT, { training: false }) as TF.Tensor).dataSync(), FORWARD));

    const y = ours.apply(x, { training: true });
    report.add(label, 'forward', expectMatches(`${label}: training forward`, y.data, (theirs.apply(xT, { training: true }) as TF.Tensor).dataSync(), FORWARD));

    const r = Float32Array.from({ length: y.size }, () => rng.uniform(0.5, 1.5) * (rng.next() < 0.5 ? -1 : 1));
    const rT = tf.tensor(r, shape);
    backward(y, r);
    const objective = (input: TF.Tensor) => tf.sum(tf.mul(theirs.apply(input, { training: true }) as TF.Tensor, rT)) as TF.Scalar;
    const vars = theirs.trainableWeights.map((w) => w.read() as TF.Variable);
    const { grads } = tf.variableGrads(() => objective(xT), vars);
    ours.params.forEach((p, k) => {
      assert.ok(vars[k].name.endsWith(`/${p.name}`), `weight ${k} is ${p.name} in both (tfjs: ${vars[k].name})`);
      report.add(label, 'gradient', expectMatches(`${label}: d/d ${p.name}`, p.value.grad!, grads[vars[k].name].dataSync(), GRADIENT));
    });
    report.add(label, 'gradient', expectMatches(`${label}: d/dx`, x.grad!, tf.grad(objective)(xT).dataSync(), GRADIENT));
  }
});

test('moving statistics after five training steps (biased batch variance), then inference, equal tfjs', async () => {
  const tf = await loadTf();
  for (const shape of [[8, 3], [4, 6, 3]]) {
    const label = `BatchNormalization moving [${shape}]`;
    const first = randomInput(shape);
    const ours = randomised(first, { momentum: 0.9 });
    const theirs = tf.layers.batchNormalization({ momentum: 0.9 });
    theirs.apply(tf.zeros(shape));
    theirs.setWeights([...ours.params, ...ours.nonTrainableParams].map((p) => tf.tensor(f32(p.value.data), [...p.value.shape])));
    for (let step = 0; step < 5; step++) {
      const x = step === 0 ? first : randomInput(shape);
      ours.apply(x, { training: true });
      theirs.apply(tf.tensor(f32(x.data), shape), { training: true });
    }
    const [, , movingMean, movingVariance] = theirs.getWeights();
    report.add(label, 'forward', expectMatches(`${label}: moving_mean`, ours.movingMean.data, movingMean.dataSync(), FORWARD));
    report.add(label, 'forward', expectMatches(`${label}: moving_variance`, ours.movingVariance.data, movingVariance.dataSync(), FORWARD));
    const x = randomInput(shape);
    report.add(label, 'forward', expectMatches(`${label}: inference after training`, ours.apply(x).data, (theirs.apply(tf.tensor(f32(x.data), shape)) as TF.Tensor).dataSync(), FORWARD));
  }
});

test.after(() => report.print());

test.run();

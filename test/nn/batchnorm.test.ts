/**
 * BatchNormalization: gradients against central differences in float64 (x, gamma, beta; training
 * and inference mode), and tfjs-layers as the reference for the forward pass in both modes, the
 * training-mode gradients and the moving statistics after several training steps. Then the layer
 * in a Sequential: its non-trainable weights in the summary, kept from the optimizer, updated by
 * fit only, restored after a NaN batch, and carried exactly by exportState/importState and the
 * model file; shape errors name the layer.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type * as TF from '@tensorflow/tfjs';
import { Rng, Tensor, backward, noGrad } from '../../src/autograd/index.js';
import { BatchNormalization, Conv1D, Dense, GlobalAveragePooling1D, NonFiniteLossError, Sequential, decodeModel, encodeModel, layerFromConfig, decodeTensorFile, type EpochLog } from '../../src/nn/index.js';
import { gradCheck, param64 } from '../util/gradcheck.js';
import { DeviationReport, FORWARD, GRADIENT, expectMatches, f32, loadTf } from '../util/tfjs.js';

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
  theirs.setWeights(ours.allParams.map((p) => tf.tensor(f32(p.value.data), [...p.value.shape])));
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
    theirs.setWeights(ours.allParams.map((p) => tf.tensor(f32(p.value.data), [...p.value.shape])));
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

/** Dense → BatchNormalization on [B, C], or Conv1D → BatchNormalization on [B, T, C] → pooling; then a Dense head. */
function bnModel(rank: 2 | 3, seed: number): Sequential {
  const body = rank === 2 ? [new Dense({ units: 4 }), new BatchNormalization({ momentum: 0.9 })] : [new Conv1D({ filters: 4, kernelSize: 3 }), new BatchNormalization({ momentum: 0.9 }), new GlobalAveragePooling1D()];
  return new Sequential([...body, new Dense({ units: 3 })], { inputShape: rank === 2 ? [5] : [6, 5], seed });
}

function toyData(n: number, shape: number[], seed: number): { x: Tensor; y: number[] } {
  const r = new Rng(seed);
  const x = Tensor.zeros([n, ...shape]);
  for (let i = 0; i < x.size; i++) x.data[i] = 2 + 3 * r.normal();
  return { x, y: Array.from({ length: n }, () => r.int(3)) };
}

test("summary counts the moving statistics as non-trainable, as Keras's", () => {
  const model = bnModel(2, 1);
  const summary = model.summary();
  assert.match(summary, /batch_normalization \(BatchNormalization\)\s+\(None, 4\)\s+16\n/);
  assert.match(summary, /Total params: 55 \(220\.00 B\)\nTrainable params: 47 \(188\.00 B\)\nNon-trainable params: 8 \(32\.00 B\)$/);
  assert.is(model.countParams(), 55);
  assert.match(new Sequential([new Dense({ units: 2 })], { inputShape: [3] }).summary(), /Non-trainable params: 0 \(0\.00 B\)$/);
});

test('the optimizer sees gamma and beta only; fit updates the moving statistics, evaluate and predict use them', () => {
  for (const rank of [2, 3] as const) {
    const model = bnModel(rank, 2);
    const bn = model.layers[1] as BatchNormalization;
    assert.equal(model.params.map((p) => p.name), ['kernel', 'bias', 'gamma', 'beta', 'kernel', 'bias']);
    assert.equal(model.nonTrainableParams.map((p) => p.name), ['moving_mean', 'moving_variance']);
    assert.equal(model.allParams.map((p) => p.name).slice(2, 6), ['gamma', 'beta', 'moving_mean', 'moving_variance']);
    const { x, y } = toyData(8, rank === 2 ? [5] : [6, 5], 3);
    model.fit(x, y, { epochs: 2, batchSize: 4 });
    assert.is(model.optimizer.state().m.length, model.params.length, "Adam's moments follow the trainable weights");
    assert.ok(bn.movingMean.data.some((v) => v !== 0) && bn.movingVariance.data.some((v) => v !== 1), 'fit ran the layer in training mode');
    const after = model.getWeights();
    model.evaluate(x, y);
    model.predict(x);
    assert.equal(model.getWeights(), after, 'evaluate and predict leave every weight alone');
    // Inference normalises with the moving statistics: the same as the layer applied without training.
    const manual = noGrad(() => model.layers.reduce((t, l) => l.apply(t), x));
    assert.equal(Array.from(noGrad(() => model.call(x)).data), Array.from(manual.data));
  }
});

test('a NaN batch leaves the moving statistics as they were before it', () => {
  const model = bnModel(2, 4);
  const { x, y } = toyData(4, [5], 5);
  model.trainStep(x, y);
  const before = model.getWeights();
  x.data[3] = Number.NaN;
  assert.throws(() => model.trainStep(x, y), (err: unknown) => err instanceof NonFiniteLossError);
  assert.equal(model.getWeights(), before);
});

test('exportState/importState and the model file carry the moving statistics: resume is bit for bit', () => {
  const { x, y } = toyData(10, [6, 5], 6);
  const straight = bnModel(3, 7);
  straight.fit(x, y, { epochs: 3, batchSize: 4 });
  const interrupted = bnModel(3, 7);
  let state: ReturnType<Sequential['exportState']> | null = null;
  let file: Uint8Array | null = null;
  interrupted.fit(x, y, {
    epochs: 3,
    batchSize: 4,
    onEpochEnd: (log: EpochLog) => {
      state = interrupted.exportState();
      file = encodeModel(interrupted, { trainingState: true });
      return log.epoch === 0 ? 'stop' : undefined;
    },
  });
  assert.is(state!.weights.length, straight.allParams.length, 'the state holds every weight, moving statistics included');
  const fromState = bnModel(3, 99);
  fromState.importState(state!);
  const fromFile = decodeModel(file!);
  for (const [label, model] of [['state', fromState], ['file', fromFile]] as const) {
    model.fit(x, y, { epochs: 3, batchSize: 4 });
    assert.equal(model.getWeights(), straight.getWeights(), `${label}: weights and moving statistics are identical`);
  }
});

test('the model file round-trips the layer: options through layerFromConfig, moving statistics by name', () => {
  const model = new Sequential([new BatchNormalization({ momentum: 0.8, epsilon: 0.01, center: false, name: 'norm' }), new GlobalAveragePooling1D(), new Dense({ units: 3 })], { inputShape: [4, 3], dtype: 'float64', seed: 8 });
  const { x, y } = toyData(5, [4, 3], 9);
  model.fit(new Tensor(Float64Array.from(x.data), x.shape), y, { epochs: 1, batchSize: 5 });
  const bytes = encodeModel(model);
  assert.equal([...decodeTensorFile(bytes).tensors.keys()].slice(0, 3), ['norm/gamma', 'norm/moving_mean', 'norm/moving_variance']);
  const loaded = decodeModel(bytes);
  assert.equal(loaded.getConfig(), model.getConfig());
  assert.equal(loaded.getWeights(), model.getWeights());
  const rebuilt = layerFromConfig(model.layers[0].getConfig()) as BatchNormalization;
  assert.equal([rebuilt.momentum, rebuilt.epsilon, rebuilt.center, rebuilt.scale], [0.8, 0.01, false, true]);
});

test('bad input shapes and options are refused, naming the layer', () => {
  const layer = new BatchNormalization({ name: 'bn' });
  assert.throws(() => layer.build([null, 2, 3, 4], { dtype: 'float32' }), /BatchNormalization 'bn': expected input of rank 2 \(batch, C\) or 3 \(batch, time, C\), got \(None, 2, 3, 4\)/);
  assert.throws(() => layer.build([null, null], { dtype: 'float32' }), /BatchNormalization 'bn': expected input of rank 2 \(batch, C\) or 3 \(batch, time, C\), got \(None, None\)/);
  layer.build([null, 4], { dtype: 'float32' });
  assert.throws(() => layer.apply(Tensor.zeros([2, 5])), /BatchNormalization 'bn': expected input of rank 2 \(batch, 4\), got \(2, 5\)/);
  assert.throws(() => layer.apply(Tensor.zeros([2, 3, 4])), /BatchNormalization 'bn': expected input of rank 2 \(batch, 4\), got \(2, 3, 4\)/);
  const sequence = new BatchNormalization();
  sequence.build([null, null, 3], { dtype: 'float32' });
  assert.throws(() => sequence.apply(Tensor.zeros([2, 5, 4])), /expected input of rank 3 \(batch, time, 3\), got \(2, 5, 4\)/);
  assert.throws(() => new BatchNormalization({ momentum: 1.5 }), /BatchNormalization: momentum must be in \[0, 1\], got 1.5/);
  assert.throws(() => new BatchNormalization({ epsilon: 0 }), /BatchNormalization: epsilon must be positive, got 0/);
});

test.after(() => report.print());

test.run();

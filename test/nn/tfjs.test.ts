/**
 * TensorFlow.js (tfjs-layers, Keras's JavaScript port) as the reference: the same layer or model is
 * built in tfjs, our weights are copied in, and the forward outputs (rtol 1e-5), the gradients of a
 * loss with respect to every weight and the input (rtol 1e-4), the parameter counts and three Adam
 * steps must agree. tfjs needs `recurrentActivation: 'sigmoid'` (its default is hard sigmoid, Keras's
 * is sigmoid). Dropout is 0 or inference mode here (tfjs draws four LSTM masks per gate, Keras 3
 * one: layers.test.ts checks our masks against a plain-loop reference instead).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type * as TF from '@tensorflow/tfjs';
import { Rng, Tensor, add, backward, mul, sum } from '../../src/autograd/index.js';
import {
  Adam,
  Conv1D,
  Dense,
  GlobalAveragePooling1D,
  LSTM,
  MaxPool1D,
  Regularizer,
  crossEntropyFromProbabilities,
  paperCnn,
  paperLstm,
  softmaxCrossEntropy,
  type Layer,
  type Sequential,
} from '../../src/nn/index.js';
import { DeviationReport, FORWARD, GRADIENT, expectMatches, f32, loadTf, type Tf } from './tfjs.js';

const test = suite('nn vs tfjs');
const rng = new Rng(31337);
const report = new DeviationReport();

function randomTensor(shape: number[], requiresGrad = false): Tensor {
  const t = Tensor.zeros(shape, 'float32', requiresGrad);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.uniform(-1, 1);
  return t;
}

/** Random ±[0.5, 1.5] weights r for the scalar L = Σ r ⊙ y. */
function seedFor(size: number): Float32Array {
  return Float32Array.from({ length: size }, () => rng.uniform(0.5, 1.5) * (rng.next() < 0.5 ? -1 : 1));
}

/**
 * Build `ours` for x, copy its weights (biases randomised) into the tfjs layer, and compare the
 * output and the gradients of L = Σ r ⊙ y with respect to every weight and to x.
 */
async function compareLayer(label: string, ours: Layer, makeTheirs: (tf: Tf) => TF.layers.Layer, xShape: number[]): Promise<void> {
  const tf = await loadTf();
  const x = randomTensor(xShape, true);
  ours.build([null, ...xShape.slice(1)], { dtype: 'float32', rng });
  for (const p of ours.params) if (p.name === 'bias') for (let i = 0; i < p.value.size; i++) p.value.data[i] = rng.uniform(-0.5, 0.5);

  const theirs = makeTheirs(tf);
  const xT = tf.tensor(f32(x.data), xShape);
  theirs.apply(xT);
  theirs.setWeights(ours.params.map((p) => tf.tensor(f32(p.value.data), [...p.value.shape])));
  assert.is(ours.countParams(), theirs.countParams(), `${label}: parameter count`);

  const y = ours.apply(x);
  const yT = theirs.apply(xT) as TF.Tensor;
  assert.equal([...y.shape], yT.shape, `${label}: output shape`);
  report.add(label, 'forward', expectMatches(`${label}: forward`, y.data, yT.dataSync(), FORWARD));

  const r = seedFor(y.size);
  const rT = tf.tensor(f32(r), yT.shape);
  backward(y, r);
  const objective = (input: TF.Tensor) => tf.sum(tf.mul(theirs.apply(input) as TF.Tensor, rT)) as TF.Scalar;
  const vars = theirs.trainableWeights.map((w) => w.read() as TF.Variable);
  if (vars.length > 0) {
    const { grads } = tf.variableGrads(() => objective(xT), vars);
    ours.params.forEach((p, k) => {
      assert.ok(vars[k].name.endsWith(`/${p.name}`), `${label}: weight ${k} is ${p.name} in both (tfjs: ${vars[k].name})`);
      report.add(label, 'gradient', expectMatches(`${label}: d/d ${p.name}`, p.value.grad!, grads[vars[k].name].dataSync(), GRADIENT));
    });
  }
  const dX = tf.grad(objective)(xT);
  report.add(label, 'gradient', expectMatches(`${label}: d/dx`, x.grad!, dX.dataSync(), GRADIENT));
}

test('Dense (linear, relu, softmax; [B, F] and [B, T, F])', async () => {
  await compareLayer('Dense', new Dense({ units: 5 }), (tf) => tf.layers.dense({ units: 5 }), [4, 7]);
  await compareLayer('Dense relu', new Dense({ units: 6, activation: 'relu' }), (tf) => tf.layers.dense({ units: 6, activation: 'relu' }), [4, 7]);
  await compareLayer('Dense softmax [B, T, F]', new Dense({ units: 3, activation: 'softmax' }), (tf) => tf.layers.dense({ units: 3, activation: 'softmax' }), [2, 5, 4]);
});

test("Conv1D ('valid' and 'same', stride 1 and 2, odd and even lengths)", async () => {
  for (const padding of ['valid', 'same'] as const) {
    for (const strides of [1, 2]) {
      for (const length of [9, 10]) {
        await compareLayer(
          `Conv1D ${padding}`,
          new Conv1D({ filters: 4, kernelSize: 3, strides, padding, activation: 'relu' }),
          (tf) => tf.layers.conv1d({ filters: 4, kernelSize: 3, strides, padding, activation: 'relu' }),
          [2, length, 3],
        );
      }
    }
  }
  await compareLayer('Conv1D same', new Conv1D({ filters: 2, kernelSize: 4, strides: 2, padding: 'same' }), (tf) => tf.layers.conv1d({ filters: 2, kernelSize: 4, strides: 2, padding: 'same' }), [2, 11, 3]);
});

test("MaxPool1D ('valid' and 'same', odd length, strides 2 and 1)", async () => {
  for (const padding of ['valid', 'same'] as const) {
    await compareLayer(`MaxPool1D ${padding}`, new MaxPool1D({ poolSize: 2, padding }), (tf) => tf.layers.maxPooling1d({ poolSize: 2, padding }), [2, 9, 3]);
    await compareLayer(`MaxPool1D ${padding}`, new MaxPool1D({ poolSize: 3, strides: 1, padding }), (tf) => tf.layers.maxPooling1d({ poolSize: 3, strides: 1, padding }), [2, 8, 2]);
  }
});

test('GlobalAveragePooling1D', async () => {
  await compareLayer('GlobalAveragePooling1D', new GlobalAveragePooling1D(), (tf) => tf.layers.globalAveragePooling1d({}), [3, 7, 4]);
});

test('LSTM (both return modes, several timesteps)', async () => {
  for (const returnSequences of [false, true]) {
    await compareLayer(
      `LSTM returnSequences=${returnSequences}`,
      new LSTM({ units: 5, returnSequences }),
      (tf) => tf.layers.lstm({ units: 5, returnSequences, recurrentActivation: 'sigmoid' }),
      [3, 6, 4],
    );
  }
});

test('losses: softmax cross-entropy from logits and from (clipped) probabilities', async () => {
  const tf = await loadTf();
  const labels = [1, 0, 3, 2];
  const oneHotT = tf.oneHot(tf.tensor1d(labels, 'int32'), 4);
  const logits = randomTensor([4, 4]);
  logits.data.forEach((_, i) => (logits.data[i] *= 6));
  const theirs = tf.losses.softmaxCrossEntropy(oneHotT, tf.tensor(f32(logits.data), [4, 4]));
  report.add('softmaxCrossEntropy', 'forward', expectMatches('softmaxCrossEntropy', [softmaxCrossEntropy(logits, labels).item()], theirs.dataSync(), FORWARD));
  // Unnormalised rows, and a zero probability at a label: Keras and tfjs clip it to 1e-7.
  const probabilities = Tensor.from([0.2, 0.5, 0.2, 0.1, 0.0, 0.7, 0.3, 0.0, 0.3, 0.3, 0.3, 0.3, 1.0, 1.0, 2.0, 4.0], [4, 4]);
  const theirsP = tf.mean(tf.metrics.categoricalCrossentropy(oneHotT, tf.tensor(f32(probabilities.data), [4, 4])));
  const oursP = crossEntropyFromProbabilities(probabilities, labels).item();
  report.add('crossEntropyFromProbabilities', 'forward', expectMatches('crossEntropyFromProbabilities', [oursP], theirsP.dataSync(), FORWARD));
  assert.ok(oursP > 16.1 / 4, 'the zero probability costs -ln(1e-7)/B');
});

/** Our paper model vs the same Keras architecture in tfjs, with our weights. */
async function compareModel(label: string, ours: Sequential, theirs: TF.Sequential, xShape: number[], extraPenalties: () => TF.Scalar[] = () => []): Promise<void> {
  const tf = await loadTf();
  const x = randomTensor(xShape);
  const labels = Array.from({ length: xShape[0] }, () => rng.int(10));
  assert.is(ours.countParams(), theirs.countParams(), `${label}: parameter count`);
  theirs.setWeights(ours.weights.map((w) => tf.tensor(f32(w.data), [...w.shape])));
  const xT = tf.tensor(f32(x.data), xShape);

  const predicted = ours.predict(x);
  const predictedT = theirs.predict(xT) as TF.Tensor;
  report.add(label, 'forward', expectMatches(`${label}: predict (softmax probabilities)`, predicted.data, predictedT.dataSync(), FORWARD));

  const { loss } = ours.loss(x, labels, { training: false });
  backward(loss);
  const oneHotT = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
  const vars = theirs.trainableWeights.map((w) => w.read() as TF.Variable);
  const { value, grads } = tf.variableGrads(() => {
    const p = theirs.apply(xT, { training: false }) as TF.Tensor;
    const crossEntropy = tf.neg(tf.mean(tf.sum(tf.mul(oneHotT, tf.log(p)), -1)));
    return tf.addN([crossEntropy, ...theirs.calculateLosses(), ...extraPenalties()]) as TF.Scalar;
  }, vars);
  report.add(label, 'forward', expectMatches(`${label}: loss with penalties`, [loss.item()], value.dataSync(), FORWARD));
  ours.params.forEach((p, k) => {
    assert.ok(vars[k].name.endsWith(`/${p.name}`), `${label}: weight ${k} is ${p.name} in both (tfjs: ${vars[k].name})`);
    report.add(label, 'gradient', expectMatches(`${label}: d/d ${vars[k].name}`, p.value.grad!, grads[vars[k].name].dataSync(), GRADIENT));
  });
}

test('paperLstm: 107,466 parameters, predictions, loss with L2 and every gradient equal tfjs', async () => {
  const tf = await loadTf();
  const l2 = () => tf.regularizers.l2({ l2: 1e-3 });
  const lstm = (units: number, returnSequences: boolean, inputShape?: number[]) =>
    tf.layers.lstm({ units, returnSequences, dropout: 0.05, recurrentDropout: 0.35, kernelRegularizer: l2(), recurrentActivation: 'sigmoid', ...(inputShape ? { inputShape } : {}) });
  const theirs = tf.sequential({ layers: [lstm(128, true, [null as unknown as number, 40]), lstm(32, false), tf.layers.dense({ units: 10, activation: 'softmax', kernelRegularizer: l2() })] });
  const ours = paperLstm(40, { seed: 1 });
  assert.is(ours.countParams(), 107466);
  // tfjs's RNN layers do not report their cell's regulariser losses through calculateLosses()
  // (only the Dense penalty appears there), so the two LSTM kernel penalties are added explicitly.
  const lstmKernelPenalties = () => theirs.layers.slice(0, 2).map((layer) => l2().apply(layer.trainableWeights[0].read()));
  await compareModel('paperLstm', ours, theirs, [3, 5, 40], lstmKernelPenalties);
});

test('paperCnn: 52,290 parameters, predictions, loss with L1 and every gradient equal tfjs', async () => {
  const tf = await loadTf();
  const l1 = () => tf.regularizers.l1({ l1: 1e-4 });
  const conv = (filters: number, inputShape?: number[]) =>
    tf.layers.conv1d({ filters, kernelSize: 5, padding: 'same', activation: 'relu', kernelRegularizer: l1(), ...(inputShape ? { inputShape } : {}) });
  const pool = () => tf.layers.maxPooling1d({ poolSize: 2, padding: 'same' });
  const theirs = tf.sequential({
    layers: [
      conv(32, [null as unknown as number, 40]),
      pool(),
      conv(64),
      pool(),
      conv(64),
      tf.layers.globalAveragePooling1d({}),
      tf.layers.dense({ units: 200, activation: 'relu', kernelRegularizer: l1() }),
      tf.layers.dropout({ rate: 0.5 }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  const ours = paperCnn(40, { seed: 2 });
  assert.is(ours.countParams(), 52290);
  // Random biases so that the bias gradients and relu masks are exercised away from the zero init.
  for (const p of ours.params) if (p.name === 'bias') for (let i = 0; i < p.value.size; i++) p.value.data[i] = rng.uniform(-0.1, 0.1);
  await compareModel('paperCnn', ours, theirs, [3, 13, 40]);
});

test('Adam: three steps with Keras defaults equal tf.train.adam(1e-3, 0.9, 0.999, 1e-7)', async () => {
  const tf = await loadTf();
  const layer = new Dense({ units: 3 });
  layer.build([null, 4], { dtype: 'float32', rng });
  const penalty = new Regularizer({ l2: 0.05 });
  const x = randomTensor([5, 4]);
  const r = seedFor(15);
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
      report.add('Adam: weights after each of 3 steps', 'forward', expectMatches(`Adam step ${step}: ${p.name}`, p.value.data, expected, FORWARD));
      // The updates themselves (≈ lr per step), so that a wrong step size cannot hide in rtol·|w|.
      const moved = (w: ArrayLike<number>) => Array.from(w, (v, i) => v - start[k][i]);
      expectMatches(`Adam step ${step}: ${p.name} update`, moved(p.value.data), moved(expected), { rtol: 2e-3 });
    });
  }
});

test.after(() => report.print());

test.run();

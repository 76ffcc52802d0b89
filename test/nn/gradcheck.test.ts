/**
 * Every layer, the losses and the regularised loss against central differences in float64, with
 * the weights as inputs of the check (so dW, db and dX are all verified). Biases are randomised so
 * that a wrong bias gradient cannot hide behind zeros.
 */
import { suite } from 'uvu';
import { Rng, Tensor, add, matmul, noGrad } from '../../src/autograd/index.js';
import {
  Conv1D,
  Dense,
  Dropout,
  Flatten,
  GlobalAveragePooling1D,
  LSTM,
  MaxPool1D,
  Regularizer,
  Sequential,
  crossEntropyFromProbabilities,
  dropoutKeep,
  softmaxCrossEntropy,
  type Layer,
} from '../../src/nn/index.js';
import { gradCheck, param64 } from '../util/gradcheck.js';

const test = suite('nn gradient checks');
const rng = new Rng(2024);
const input = (shape: number[], sample?: (r: Rng) => number) => param64(shape, rng, sample);
const awayFromZero = (r: Rng) => r.uniform(0.1, 1) * (r.next() < 0.5 ? -1 : 1);

/** Build `layer` in float64 for inputs shaped like `x`, randomise every weight, and return [x, ...weights]. */
function prepare(layer: Layer, x: Tensor): Tensor[] {
  layer.build([null, ...x.shape.slice(1)], { dtype: 'float64', rng });
  for (const p of layer.params) for (let i = 0; i < p.value.size; i++) p.value.data[i] = rng.uniform(-0.8, 0.8);
  return [x, ...layer.params.map((p) => p.value)];
}

function checkLayer(label: string, layer: Layer, x: Tensor, call: (x: Tensor) => Tensor = (t) => layer.apply(t)): void {
  gradCheck(label, call, prepare(layer, x));
}

test('Dense: linear, tanh and softmax; on [B, F] and per frame on [B, T, F]', () => {
  checkLayer('Dense linear', new Dense({ units: 4 }), input([3, 5]));
  checkLayer('Dense tanh [B, T, F]', new Dense({ units: 3, activation: 'tanh' }), input([2, 4, 5]));
  checkLayer('Dense softmax', new Dense({ units: 4, activation: 'softmax' }), input([3, 5]));
});

test('Dense relu away from the kink', () => {
  const layer = new Dense({ units: 4, activation: 'relu' });
  const x = input([3, 5]);
  const inputs = prepare(layer, x);
  // Redraw the bias until no pre-activation sits within 1e-3 of relu's kink (the difference step is 1e-6).
  const preActivation = () => noGrad(() => add(matmul(x, layer.kernel), layer.bias));
  while (preActivation().data.some((v) => Math.abs(v) < 1e-3)) layer.bias.data.forEach((_, i, b) => (b[i] = rng.uniform(-0.8, 0.8)));
  gradCheck('Dense relu', (t) => layer.apply(t), inputs);
});

test('Conv1D: valid and same, stride 1 and 2, with and without relu', () => {
  for (const padding of ['valid', 'same'] as const) {
    for (const strides of [1, 2]) {
      checkLayer(`Conv1D ${padding} stride ${strides}`, new Conv1D({ filters: 3, kernelSize: 3, strides, padding }), input([2, 7, 2]));
    }
  }
  checkLayer('Conv1D tanh k4 same stride 2 (even kernel)', new Conv1D({ filters: 2, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh' }), input([2, 6, 3]));
});

test('MaxPool1D: valid and same (odd length, so same pads), strides 1 and 2', () => {
  checkLayer('MaxPool1D valid 2', new MaxPool1D({ poolSize: 2 }), input([2, 6, 3]));
  checkLayer('MaxPool1D same 2, T=7', new MaxPool1D({ poolSize: 2, padding: 'same' }), input([2, 7, 3]));
  checkLayer('MaxPool1D valid 3 stride 1', new MaxPool1D({ poolSize: 3, strides: 1 }), input([1, 6, 2]));
  checkLayer('MaxPool1D same 3 stride 2', new MaxPool1D({ poolSize: 3, strides: 2, padding: 'same' }), input([1, 6, 2]));
});

test('GlobalAveragePooling1D and Flatten', () => {
  checkLayer('GlobalAveragePooling1D', new GlobalAveragePooling1D(), input([2, 5, 3]));
  checkLayer('Flatten', new Flatten(), input([2, 3, 4]));
});

test('Dropout with a fixed mask in training mode, identity at inference', () => {
  const x = input([3, 4]);
  const keep = dropoutKeep(rng, x.size, 0.5, 'float64');
  const layer = new Dropout({ rate: 0.5 });
  checkLayer('Dropout training', layer, x, (t) => layer.apply(t, { training: true, keep }));
  checkLayer('Dropout inference', layer, x, (t) => layer.apply(t, { training: false }));
});

/** LSTM checks over 4 timesteps: both implementations, both return modes, with and without fixed dropout masks. */
test('LSTM over several timesteps, fused and composed, both return modes, fixed input and recurrent masks', () => {
  const [batch, steps, features, units] = [2, 4, 3, 3];
  for (const fused of [true, false]) {
    for (const returnSequences of [false, true]) {
      const label = `LSTM fused=${fused} returnSequences=${returnSequences}`;
      checkLayer(label, new LSTM({ units, returnSequences, fused }), input([batch, steps, features]));
      const layer = new LSTM({ units, returnSequences, fused, dropout: 0.3, recurrentDropout: 0.4 });
      const masks = { input: dropoutKeep(rng, batch * features, 0.3, 'float64'), recurrent: dropoutKeep(rng, batch * units, 0.4, 'float64') };
      checkLayer(`${label} with masks`, layer, input([batch, steps, features]), (t) => layer.apply(t, { training: true, masks }));
    }
  }
});

test('losses: softmax cross-entropy from logits and from probabilities', () => {
  const labels = [2, 0, 3];
  gradCheck('softmaxCrossEntropy', (z) => softmaxCrossEntropy(z, labels), [input([3, 4], (r) => r.uniform(-3, 3))]);
  gradCheck('crossEntropyFromProbabilities', (p) => crossEntropyFromProbabilities(p, labels), [input([3, 4], (r) => r.uniform(0.05, 1))]);
});

test('L1, L2 and L1L2 penalties', () => {
  const w = () => input([3, 4], awayFromZero);
  gradCheck('L1', (t) => new Regularizer({ l1: 0.3 }).penalty(t), [w()]);
  gradCheck('L2', (t) => new Regularizer({ l2: 0.7 }).penalty(t), [w()]);
  gradCheck('L1L2', (t) => new Regularizer({ l1: 0.2, l2: 0.5 }).penalty(t), [w()]);
});

test('end to end: Conv1D → MaxPool1D → LSTM → Dense, cross-entropy + L1 + L2, every parameter', () => {
  const model = new Sequential(
    [
      new Conv1D({ filters: 3, kernelSize: 3, padding: 'same', activation: 'tanh', kernelRegularizer: new Regularizer({ l1: 1e-2 }) }),
      new MaxPool1D({ poolSize: 2, padding: 'same' }),
      new LSTM({ units: 3, returnSequences: true, kernelRegularizer: new Regularizer({ l2: 1e-2 }), recurrentRegularizer: new Regularizer({ l2: 1e-2 }) }),
      new LSTM({ units: 2, biasRegularizer: new Regularizer({ l2: 1e-2 }) }),
      new Dense({ units: 4, kernelRegularizer: new Regularizer({ l1: 1e-2, l2: 1e-2 }) }),
    ],
    { inputShape: [5, 2], dtype: 'float64', seed: 5 },
  );
  for (const w of model.weights) for (let i = 0; i < w.size; i++) w.data[i] = awayFromZero(rng);
  const x = input([3, 5, 2]);
  const labels = [1, 3, 0];
  gradCheck('model loss', (t) => model.loss(t, labels).loss, [x, ...model.weights]);
});

test.run();

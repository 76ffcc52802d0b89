/** Dense: gradients against central differences in float64 and tfjs-layers as the reference (forward and every gradient). */
import { suite } from 'uvu';
import { add, matmul, noGrad } from '../../src/autograd/index.js';
import { Dense } from '../../src/nn/index.js';
import { gradCheck, layerGradChecks, layerInputs } from '../util/gradcheck.js';
import { tfjsComparison } from '../util/tfjs.js';

const test = suite('nn Dense');

const { rng, input, checkLayer } = layerGradChecks(2024);

const tfjs = tfjsComparison(31337);

test('Dense: linear, tanh and softmax; on [B, F] and per frame on [B, T, F]', () => {
  checkLayer('Dense linear', new Dense({ units: 4 }), input([3, 5]));
  checkLayer('Dense tanh [B, T, F]', new Dense({ units: 3, activation: 'tanh' }), input([2, 4, 5]));
  checkLayer('Dense softmax', new Dense({ units: 4, activation: 'softmax' }), input([3, 5]));
});

test('Dense relu away from the kink', () => {
  const layer = new Dense({ units: 4, activation: 'relu' });
  const x = input([3, 5]);
  const inputs = layerInputs(layer, x, rng);
  // Redraw the bias until no pre-activation sits within 1e-3 of relu's kink (the difference step is 1e-6).
  const preActivation = () => noGrad(() => add(matmul(x, layer.kernel), layer.bias));
  while (preActivation().data.some((v) => Math.abs(v) < 1e-3)) layer.bias.data.forEach((_, i, b) => (b[i] = rng.uniform(-0.8, 0.8)));
  gradCheck('Dense relu', (t) => layer.apply(t), inputs);
});

test('equals tfjs-layers: linear, relu, softmax; [B, F] and [B, T, F]', async () => {
  await tfjs.compareLayer('Dense', new Dense({ units: 5 }), (tf) => tf.layers.dense({ units: 5 }), [4, 7]);
  await tfjs.compareLayer('Dense relu', new Dense({ units: 6, activation: 'relu' }), (tf) => tf.layers.dense({ units: 6, activation: 'relu' }), [4, 7]);
  await tfjs.compareLayer('Dense softmax [B, T, F]', new Dense({ units: 3, activation: 'softmax' }), (tf) => tf.layers.dense({ units: 3, activation: 'softmax' }), [2, 5, 4]);
});

test.after(() => tfjs.report.print());

test.run();

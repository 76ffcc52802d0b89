/**
 * AttentionPooling1D: gradients against central differences in float64 (input and every weight),
 * the pooling's defining properties, shapes and parameter count.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, Tensor, globalAvgPool1d, noGrad } from '../../src/autograd/index.js';
import { AttentionPooling1D, Dense, Regularizer, Sequential } from '../../src/nn/index.js';
import { expectClose } from '../util/close.js';
import { gradCheck, param64 } from '../util/gradcheck.js';

const test = suite('nn AttentionPooling1D');

const rng = new Rng(77);

function built(units: number, x: Tensor): AttentionPooling1D {
  const layer = new AttentionPooling1D({ units });
  layer.build([null, ...x.shape.slice(1)], { dtype: x.dtype, rng });
  return layer;
}

test('gradient check in float64: dX, dW, dc and dv', () => {
  const x = param64([3, 5, 4], rng);
  const layer = built(6, x);
  for (const p of layer.params) for (let i = 0; i < p.value.size; i++) p.value.data[i] = rng.uniform(-0.9, 0.9);
  gradCheck('AttentionPooling1D', (t) => layer.apply(t), [x, ...layer.params.map((p) => p.value)]);
});

test('gradient check in float64 through a Dense head and the training loss with a regulariser', () => {
  const model = new Sequential([new AttentionPooling1D({ units: 3, kernelRegularizer: new Regularizer({ l2: 0.01 }) }), new Dense({ units: 4 })], { inputShape: [6, 2], dtype: 'float64', seed: 5 });
  for (const w of model.weights) for (let i = 0; i < w.size; i++) w.data[i] = rng.uniform(-0.9, 0.9);
  const x = param64([2, 6, 2], rng);
  gradCheck('attention → dense loss', (t) => model.loss(t, [1, 3]).loss, [x, ...model.weights]);
});

test('weights are a softmax over time; a zero context vector gives the plain average (GlobalAveragePooling1D)', () => {
  const x = param64([2, 7, 3], rng);
  const layer = built(4, x);
  noGrad(() => {
    const alpha = layer.attentionWeights(x);
    assert.equal(alpha.shape, [2, 7]);
    for (let b = 0; b < 2; b++) {
      const row = Array.from(alpha.data.subarray(b * 7, b * 7 + 7));
      assert.ok(row.every((a) => a > 0));
      expectClose('Σ_t α', [row.reduce((s, a) => s + a, 0)], [1], { atol: 1e-12 });
    }
    layer.context.data.fill(0);
    expectClose('uniform attention = mean over time', layer.apply(x).data, globalAvgPool1d(x).data, { atol: 1e-12 });
  });
});

test('a frame with a much higher score takes (almost) all the weight', () => {
  const x = Tensor.zeros([1, 4, 2], 'float64');
  x.data.set([0, 0, 0, 0, 3, -2, 0, 0]);
  const layer = built(1, x);
  layer.kernel.data.set([50, -50]);
  layer.bias.data.fill(0);
  layer.context.data.fill(40);
  const y = noGrad(() => layer.apply(x));
  expectClose('pooled = frame 2', y.data, [3, -2], { atol: 1e-9 });
});

test('shapes, parameter count C·A + 2A, and a clear error for a wrong rank', () => {
  const x = param64([2, 5, 8], rng);
  const layer = built(16, x);
  assert.equal(layer.outputShape, [null, 8]);
  assert.is(layer.countParams(), 8 * 16 + 16 + 16);
  assert.throws(() => layer.apply(param64([2, 8], rng)), /AttentionPooling1D 'attention_pooling1d': expected input of rank 3/);
});

test.run();

/**
 * The paper's models: against the same Keras architectures in tfjs-layers with our weights
 * (parameter counts, predictions, loss with penalties, every gradient), and on every fast backend
 * against the reference backend (paperCnn's Conv1D layers run the fused convolution kernels), at a
 * length that spans several SIMD row panels and both 'same' pooling cases.
 */
import { suite } from 'uvu';
import { referenceBackend, withBackend, type Backend, Rng, Tensor, backward } from '../../../src/autograd/index.js';
import { availableBackends } from '../../autograd/backends.js';
import { expectClose } from '../../util/close.js';
import * as assert from 'uvu/assert';
import { paperCnn, paperLstm, type Sequential } from '../../../src/nn/index.js';
import { tfjsPaperModel } from '../../../bench/lib/contenders.js';
import { loadTf, tfjsComparison } from '../../util/tfjs.js';

const test = suite('nn paper models');

const tfjs = tfjsComparison(31337);

test('paperLstm: 107,466 parameters, predictions, loss with L2 and every gradient equal tfjs', async () => {
  const tf = await loadTf();
  const theirs = tfjsPaperModel(tf, 'lstm');
  const ours = paperLstm(40, { seed: 1 });
  assert.is(ours.countParams(), 107466);
  // tfjs's RNN layers do not report their cell's regulariser losses through calculateLosses()
  // (only the Dense penalty appears there), so the two LSTM kernel penalties are added explicitly.
  const lstmKernelPenalties = () => theirs.layers.slice(0, 2).map((layer) => tf.regularizers.l2({ l2: 1e-3 }).apply(layer.trainableWeights[0].read()));
  await tfjs.compareModel('paperLstm', ours, theirs, [3, 5, 40], lstmKernelPenalties);
});

test('paperCnn: 52,290 parameters, predictions, loss with L1 and every gradient equal tfjs', async () => {
  const tf = await loadTf();
  const theirs = tfjsPaperModel(tf, 'cnn');
  const ours = paperCnn(40, { seed: 2 });
  assert.is(ours.countParams(), 52290);
  // Random biases so that the bias gradients and relu masks are exercised away from the zero init.
  for (const p of ours.params) if (p.name === 'bias') for (let i = 0; i < p.value.size; i++) p.value.data[i] = tfjs.rng.uniform(-0.1, 0.1);
  await tfjs.compareModel('paperCnn', ours, theirs, [3, 13, 40]);
});

const [batch, steps, features] = [4, 37, 40];
const inputs = new Rng(3);
const x = Tensor.from(Float32Array.from({ length: batch * steps * features }, () => inputs.uniform(-1, 1)), [batch, steps, features]);
const labels = [1, 4, 7, 9];

/** Loss and every parameter gradient of a fresh seeded model, computed on `backend` (no dropout). */
function lossAndGrads(build: () => Sequential, backend: Backend): { loss: number; grads: Float32Array[] } {
  const model = build();
  return withBackend(backend, () => {
    const { loss } = model.loss(x, labels, { training: false });
    backward(loss);
    return { loss: loss.item(), grads: model.params.map((p) => Float32Array.from(p.value.grad!)) };
  });
}

const maxAbs = (v: Float32Array) => v.reduce((m, e) => Math.max(m, Math.abs(e)), 0);

for (const [name, build] of [
  ['paperCnn', () => paperCnn(features, { seed: 5 })],
  ['paperLstm', () => paperLstm(features, { seed: 5 })],
] as const) {
  test(`${name}: loss and gradients on every available backend match the reference backend`, async () => {
    const expected = lossAndGrads(build, referenceBackend);
    for (const backend of await availableBackends()) {
      const got = lossAndGrads(build, backend);
      expectClose(`${name} loss on ${backend.name}`, [got.loss], [expected.loss], { rtol: 1e-5 });
      got.grads.forEach((g, i) => expectClose(`${name} gradient ${i} on ${backend.name}`, g, expected.grads[i], { atol: 1e-5 * maxAbs(expected.grads[i]), rtol: 1e-3 }));
    }
  });
}

test.after(() => tfjs.report.print());

test.run();

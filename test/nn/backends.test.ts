/**
 * The paper's models on every fast backend: one float32 loss and gradient of paperCnn (whose
 * Conv1D layers run the backends' fused convolution kernels) and of paperLstm against the
 * reference backend, at a length that spans several SIMD row panels and both 'same' pooling cases.
 */
import { suite } from 'uvu';
import { Rng, Tensor, backward, referenceBackend, withBackend, type Backend } from '../../src/autograd/index.js';
import { paperCnn, paperLstm, type Sequential } from '../../src/nn/index.js';
import { availableBackends } from '../autograd/backends.js';
import { expectClose } from '../util/close.js';

const test = suite('nn on every backend');

const [batch, steps, features] = [4, 37, 40];
const rng = new Rng(3);
const x = Tensor.from(Float32Array.from({ length: batch * steps * features }, () => rng.uniform(-1, 1)), [batch, steps, features]);
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

test.run();

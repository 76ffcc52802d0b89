/**
 * The LSTM layer's fused op (`lstmSequence`, src/autograd/ops/lstm.ts) against its composed
 * reference (`fused: false`, built from the primitive ops): same outputs and same gradients for
 * x, W, Uh and b, in float64 to rounding, over both return modes, with and without dropout masks,
 * and in float32.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, Tensor, backward, type DType } from '../../src/autograd/index.js';
import { LSTM, dropoutKeep, type LSTMMasks } from '../../src/nn/index.js';
import { expectClose } from '../util/close.js';

const test = suite('nn lstm fused');

/** Run a fused and a composed LSTM with identical weights on x; compare outputs and all gradients. */
function compare(label: string, dtype: DType, shape: [number, number, number], units: number, returnSequences: boolean, masked: boolean, tol: { rtol: number; atol: number }): void {
  const rng = new Rng(shape.reduce((a, b) => a * 31 + b, units));
  const [batch, , features] = shape;
  const options = { units, returnSequences, dropout: 0.25, recurrentDropout: 0.4 };
  const fused = new LSTM({ ...options, fused: true });
  const composed = new LSTM({ ...options, fused: false });
  fused.build([null, ...shape.slice(1)], { dtype, rng });
  composed.build([null, ...shape.slice(1)], { dtype, rng: new Rng(0) });
  for (let k = 0; k < 3; k++) {
    if (k === 2) fused.params[k].value.data.forEach((_, i, b) => (b[i] = rng.uniform(-1, 1)));
    composed.params[k].value.data.set(fused.params[k].value.data);
  }
  const masks: LSTMMasks | undefined = masked ? { input: dropoutKeep(rng, batch * features, 0.25, dtype), recurrent: dropoutKeep(rng, batch * units, 0.4, dtype) } : undefined;
  const x = Tensor.zeros(shape, dtype, true);
  x.data.forEach((_, i, d) => (d[i] = rng.normal()));
  const runs = [fused, composed].map((layer) => {
    x.grad = null;
    const y = layer.apply(x, { training: masked, ...(masks ? { masks } : {}) });
    const seed = y.data.map((_, i) => Math.sin(i + 1));
    backward(y, seed);
    return { y: y.data, grads: [x.grad!, ...layer.params.map((p) => p.value.grad!)] };
  });
  expectClose(`${label}: output`, runs[0].y, runs[1].y, tol);
  ['x', 'kernel', 'recurrent_kernel', 'bias'].forEach((name, k) => expectClose(`${label}: d/d ${name}`, runs[0].grads[k], runs[1].grads[k], tol));
}

test('fused = composed in float64 (to rounding): both return modes, with and without masks', () => {
  for (const returnSequences of [false, true]) {
    for (const masked of [false, true]) {
      compare(`float64 seq=${returnSequences} masked=${masked}`, 'float64', [3, 7, 5], 4, returnSequences, masked, { rtol: 1e-10, atol: 1e-12 });
    }
  }
});

test('fused = composed in float32 on a paper-sized layer (128 units, 40 features)', () => {
  compare('float32 128 units', 'float32', [2, 9, 40], 128, true, true, { rtol: 1e-4, atol: 1e-5 });
});

test('the fused kernel is one graph node, whatever the length', () => {
  const layer = new LSTM({ units: 2 });
  const x = Tensor.zeros([1, 50, 3], 'float32', true);
  const y = layer.apply(x, { rng: new Rng(1) });
  assert.is(y.node?.op, 'lstmSequence');
  assert.equal(y.node?.inputs, [x, ...layer.params.map((p) => p.value)]);
});

test.run();

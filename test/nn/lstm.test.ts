/**
 * The LSTM layer (src/nn/lstm.ts): its fused op (`lstmSequence`, src/autograd/ops/lstm.ts) against its
 * composed reference (`fused: false`, built from the primitive ops) — same outputs and gradients for x,
 * W, Uh and b in float64 to rounding, over both return modes, with and without dropout masks, and in
 * float32 — and the layer beyond its recurrence: Keras's initialisers, Keras 3's dropout (one mask per
 * sequence shared by the four gates, against a plain-loop reference), gradients against central
 * differences in float64, and tfjs-layers as the reference.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, Tensor, backward, matmul, noGrad, transpose, type DType } from '../../src/autograd/index.js';
import { LSTM, dropoutKeep, type LSTMMasks } from '../../src/nn/index.js';
import { expectClose } from '../util/close.js';
import { layerGradChecks } from '../util/gradcheck.js';
import { tfjsComparison } from '../util/tfjs.js';

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

const layer = suite('nn LSTM layer');

const rng = new Rng(11);
const randn = (shape: number[], dtype: 'float32' | 'float64' = 'float64') => {
  const t = Tensor.zeros(shape, dtype);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.normal();
  return t;
};

/**
 * Keras 3's LSTM by the definition, in plain loops: one input mask [B, F] and one recurrent mask
 * [B, U], applied at every step and shared by the four gates.
 */
function referenceLstm(x: Tensor, w: Float64Array, uh: Float64Array, b: Float64Array, units: number, mx: Float64Array, mh: Float64Array): number[][] {
  const [batch, steps, features] = x.shape;
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  const outputs: number[][] = [];
  for (let s = 0; s < batch; s++) {
    const h = new Float64Array(units);
    const c = new Float64Array(units);
    const seq: number[] = [];
    for (let t = 0; t < steps; t++) {
      const z = Float64Array.from(b);
      for (let f = 0; f < features; f++) {
        const xv = x.data[(s * steps + t) * features + f] * mx[s * features + f];
        for (let j = 0; j < 4 * units; j++) z[j] += xv * w[f * 4 * units + j];
      }
      for (let u = 0; u < units; u++) {
        const hv = h[u] * mh[s * units + u];
        for (let j = 0; j < 4 * units; j++) z[j] += hv * uh[u * 4 * units + j];
      }
      for (let u = 0; u < units; u++) {
        c[u] = sig(z[units + u]) * c[u] + sig(z[u]) * Math.tanh(z[2 * units + u]);
        h[u] = sig(z[3 * units + u]) * Math.tanh(c[u]);
      }
      seq.push(...h);
    }
    outputs.push(seq);
  }
  return outputs;
}

const { input, checkLayer } = layerGradChecks(2024);

/** LSTM checks over 4 timesteps: both implementations, both return modes, with and without fixed dropout masks. */

const tfjs = tfjsComparison(31337);

layer('LSTM init: kernel glorot, recurrent kernel orthogonal rows, bias 0 except the forget gate at 1', () => {
  const layer = new LSTM({ units: 4 });
  layer.build([null, null, 6], { rng, dtype: 'float64' });
  assert.equal(layer.params.map((p) => [p.name, p.value.shape]), [['kernel', [6, 16]], ['recurrent_kernel', [4, 16]], ['bias', [16]]]);
  assert.equal(Array.from(layer.bias.data), [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  const gram = noGrad(() => matmul(layer.recurrentKernel, transpose(layer.recurrentKernel)));
  expectClose('Uh·Uhᵀ', gram.data, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], { atol: 1e-12 });
  assert.ok(Math.max(...Array.from(layer.kernel.data, Math.abs)) <= Math.sqrt(6 / (6 + 16)));
  assert.equal(layer.countParams(), 4 * 4 * (6 + 4 + 1));
});

for (const fused of [true, false]) layer(`LSTM (fused=${fused}) equals the plain-loop Keras 3 reference, with one shared mask per sequence`, () => {
  const [batch, steps, features, units, rate, recurrentRate] = [3, 5, 4, 3, 0.4, 0.3];
  const layer = new LSTM({ units, returnSequences: true, dropout: rate, recurrentDropout: recurrentRate, fused });
  const x = randn([batch, steps, features]);
  layer.build([null, steps, features], { rng, dtype: 'float64' });
  for (let i = 0; i < layer.bias.size; i++) layer.bias.data[i] = rng.uniform(-0.5, 0.5);
  const masks = { input: dropoutKeep(rng, batch * features, rate, 'float64'), recurrent: dropoutKeep(rng, batch * units, recurrentRate, 'float64') };
  const scaled = (keep: ArrayLike<number>, r: number) => Float64Array.from(keep, (k) => k / (1 - r));
  const w = layer.kernel.data as Float64Array;
  const uh = layer.recurrentKernel.data as Float64Array;
  const b = layer.bias.data as Float64Array;

  const trained = layer.apply(x, { training: true, masks });
  expectClose('training, masks', trained.data, referenceLstm(x, w, uh, b, units, scaled(masks.input, rate), scaled(masks.recurrent, recurrentRate)).flat(), { rtol: 1e-12, atol: 1e-14 });
  const ones = (n: number) => new Float64Array(n).fill(1);
  const inference = layer.apply(x, { training: false, masks });
  expectClose('inference ignores masks', inference.data, referenceLstm(x, w, uh, b, units, ones(batch * features), ones(batch * units)).flat(), { rtol: 1e-12, atol: 1e-14 });

  // Drawn masks: the same rng state gives the same output; the masks are drawn input first, then recurrent.
  const seed = new Rng(77);
  const drawn = layer.apply(x, { training: true, rng: new Rng(77) });
  const replay = { input: dropoutKeep(seed, batch * features, rate, 'float64'), recurrent: dropoutKeep(seed, batch * units, recurrentRate, 'float64') };
  assert.equal(Array.from(drawn.data), Array.from(layer.apply(x, { training: true, masks: replay }).data), 'drawn masks = masks drawn in order');
});

layer('LSTM returnSequences=false returns the last step of the sequence output', () => {
  const seqLayer = new LSTM({ units: 2, returnSequences: true, name: 'a' });
  const x = randn([2, 4, 3]);
  const all = seqLayer.apply(x, { rng: new Rng(3) });
  const lastLayer = new LSTM({ units: 2, name: 'b' });
  const last = lastLayer.apply(x, { rng: new Rng(3) });
  assert.equal(last.shape, [2, 2]);
  assert.equal(Array.from(last.data), [all.data[6], all.data[7], all.data[14], all.data[15]], 'last step');
});

layer('LSTM over several timesteps, fused and composed, both return modes, fixed input and recurrent masks', () => {
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

layer('equals tfjs-layers: both return modes, several timesteps', async () => {
  for (const returnSequences of [false, true]) {
    await tfjs.compareLayer(
      `LSTM returnSequences=${returnSequences}`,
      new LSTM({ units: 5, returnSequences }),
      (tf) => tf.layers.lstm({ units: 5, returnSequences, recurrentActivation: 'sigmoid' }),
      [3, 6, 4],
    );
  }
});

test.after(() => tfjs.report.print());

layer.run();

/**
 * Layer semantics that tfjs cannot vouch for: Keras's initialisers, Keras 3's LSTM dropout (one
 * mask per sequence shared by the four gates, against a plain-loop reference), inverted dropout,
 * and build-time shape errors that name the layer and both shapes.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, Tensor, matmul, noGrad, transpose } from '../../src/autograd/index.js';
import { Conv1D, Dense, Dropout, Flatten, GlobalAveragePooling1D, LSTM, MaxPool1D, Sequential, glorotUniform, orthogonal, dropoutKeep } from '../../src/nn/index.js';
import { expectClose } from '../util/close.js';

const test = suite('nn layers');
const rng = new Rng(11);
const randn = (shape: number[], dtype: 'float32' | 'float64' = 'float64') => {
  const t = Tensor.zeros(shape, dtype);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.normal();
  return t;
};

test('glorot uniform: bound √(6/(fanIn+fanOut)) with Keras fans, variance 2/(fanIn+fanOut), seeded', () => {
  const w = glorotUniform([5, 64, 32], new Rng(1)); // Conv1D kernel: fanIn 5·64, fanOut 5·32
  const limit = Math.sqrt(6 / (5 * 64 + 5 * 32));
  const values = Array.from(w.data);
  assert.ok(Math.max(...values.map(Math.abs)) <= limit, 'inside the bound');
  assert.ok(Math.max(...values.map(Math.abs)) > 0.99 * limit, 'reaches the bound');
  const variance = values.reduce((s, v) => s + v * v, 0) / values.length;
  expectClose('variance', variance, 2 / (5 * 64 + 5 * 32), { rtol: 0.05 });
  assert.equal(Array.from(glorotUniform([5, 64, 32], new Rng(1)).data), values, 'same seed, same weights');
});

test('orthogonal: rows of a wide [U, 4U] kernel and columns of a tall one are orthonormal', () => {
  for (const shape of [[8, 32], [12, 5], [6, 6]]) {
    const w = orthogonal(shape, rng, 'float64');
    const [rows, cols] = shape;
    const gram = noGrad(() => (rows <= cols ? matmul(w, transpose(w)) : matmul(transpose(w), w)));
    const n = Math.min(rows, cols);
    const identity = Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0));
    expectClose(`W·Wᵀ for [${shape}]`, gram.data, identity, { atol: 1e-12 });
  }
});

test('orthogonal: the sign fix makes diag(R) > 0, i.e. Qᵀ·A has a positive diagonal', () => {
  // Redraw A from the same seed and check Q's relation to it: R = Qᵀ·A is upper triangular, diag > 0.
  const [n, k] = [7, 4];
  const q = orthogonal([n, k], new Rng(9), 'float64');
  const a = new Rng(9);
  const aData = Float64Array.from({ length: n * k }, () => a.normal());
  const r = noGrad(() => matmul(transpose(q), new Tensor(aData, [n, k])));
  for (let i = 0; i < k; i++) {
    assert.ok(r.data[i * k + i] > 0, `diag(R)[${i}] > 0`);
    for (let j = 0; j < i; j++) expectClose(`R[${i},${j}] below the diagonal`, r.data[i * k + j], 0, { atol: 1e-12 });
  }
});

test('LSTM init: kernel glorot, recurrent kernel orthogonal rows, bias 0 except the forget gate at 1', () => {
  const layer = new LSTM({ units: 4 });
  layer.build([null, null, 6], { rng, dtype: 'float64' });
  assert.equal(layer.params.map((p) => [p.name, p.value.shape]), [['kernel', [6, 16]], ['recurrent_kernel', [4, 16]], ['bias', [16]]]);
  assert.equal(Array.from(layer.bias.data), [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  const gram = noGrad(() => matmul(layer.recurrentKernel, transpose(layer.recurrentKernel)));
  expectClose('Uh·Uhᵀ', gram.data, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], { atol: 1e-12 });
  assert.ok(Math.max(...Array.from(layer.kernel.data, Math.abs)) <= Math.sqrt(6 / (6 + 16)));
  assert.equal(layer.countParams(), 4 * 4 * (6 + 4 + 1));
});

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

for (const fused of [true, false]) test(`LSTM (fused=${fused}) equals the plain-loop Keras 3 reference, with one shared mask per sequence`, () => {
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

test('LSTM returnSequences=false returns the last step of the sequence output', () => {
  const seqLayer = new LSTM({ units: 2, returnSequences: true, name: 'a' });
  const x = randn([2, 4, 3]);
  const all = seqLayer.apply(x, { rng: new Rng(3) });
  const lastLayer = new LSTM({ units: 2, name: 'b' });
  const last = lastLayer.apply(x, { rng: new Rng(3) });
  assert.equal(last.shape, [2, 2]);
  assert.equal(Array.from(last.data), [all.data[6], all.data[7], all.data[14], all.data[15]], 'last step');
});

test('Dropout: inverted scaling in training, identity at inference, about rate dropped', () => {
  const layer = new Dropout({ rate: 0.25 });
  const x = Tensor.full([40, 50], 2, 'float32');
  assert.is(layer.apply(x, { training: false }), x);
  const y = layer.apply(x, { training: true, rng: new Rng(4) });
  const kept = Array.from(y.data).filter((v) => v !== 0);
  kept.forEach((v) => expectClose('kept value', v, 2 / 0.75, { rtol: 1e-7 }));
  expectClose('fraction dropped', 1 - kept.length / y.size, 0.25, { atol: 0.03 });
  assert.throws(() => layer.apply(x, { training: true }), /Dropout 'dropout': training with rate 0.25 needs an rng/);
  assert.throws(() => new Dropout({ rate: 1 }), /rate must be in \[0, 1\), got 1/);
});

test('shape errors at build time name the layer, the expected and the actual shape', () => {
  const r = new Rng(0);
  assert.throws(() => new LSTM({ units: 4, name: 'rnn' }).build([null, 40], { rng: r }), /LSTM 'rnn': expected input of rank 3 \(batch, time, C\), got \(None, 40\)/);
  assert.throws(() => new Conv1D({ filters: 2, kernelSize: 5 }).build([null, 3, 8], { rng: r }), /Conv1D 'conv1d': expected input with time >= 5 \(kernelSize 5, 'valid' padding\), got \(None, 3, 8\)/);
  assert.throws(() => new MaxPool1D({ poolSize: 2 }).build([null, 40], {}), /MaxPool1D 'max_pooling1d': expected input of rank 3/);
  assert.throws(() => new GlobalAveragePooling1D().build([null, 4, 5, 6], {}), /GlobalAveragePooling1D 'global_average_pooling1d': expected input of rank 3 \(batch, time, C\), got \(None, 4, 5, 6\)/);
  assert.throws(() => new Dense({ units: 3 }).build([null], { rng: r }), /Dense 'dense': expected input of rank >= 2 \(batch, \.\.\., features\), got \(None,\)/);
  assert.throws(() => new Dense({ units: 3 }).build([null, null], { rng: r }), /Dense 'dense': expected input .* got \(None, None\)/);
  assert.throws(() => new Flatten().build([null], {}), /Flatten 'flatten': expected input of rank >= 2/);
  assert.throws(() => new Dense({ units: 3 }).build([null, 4]), /Dense 'dense': creating weights needs an rng/);
});

test('a built layer rejects a different channel count or rank before any kernel runs', () => {
  const lstm = new LSTM({ units: 4 });
  lstm.apply(randn([2, 3, 40], 'float32'), { rng });
  assert.throws(() => lstm.apply(randn([2, 3, 39], 'float32')), /LSTM 'lstm': expected input of rank 3 \(batch, time, 40\), got \(2, 3, 39\)/);
  assert.throws(() => lstm.apply(randn([2, 40], 'float32')), /LSTM 'lstm': expected input of rank 3 \(batch, time, 40\), got \(2, 40\)/);
  const dense = new Dense({ units: 2 });
  dense.apply(randn([2, 8], 'float32'), { rng });
  assert.throws(() => dense.apply(randn([2, 9], 'float32')), /Dense 'dense': expected input of rank >= 2 \(batch, \.\.\., 8\), got \(2, 9\)/);
  assert.throws(() => dense.apply(randn([2, 8], 'float64')), /Dense 'dense': input dtype float64 \[2, 8\] does not match the layer's float32 weights/);
});

test('a Sequential checks the whole chain when it builds, naming the layer that does not fit', () => {
  const layers = () => [new Conv1D({ filters: 4, kernelSize: 3 }), new Dense({ units: 2 }), new LSTM({ units: 3 })];
  const model = new Sequential([new Conv1D({ filters: 4, kernelSize: 3 }), new GlobalAveragePooling1D(), new LSTM({ units: 3 })]);
  assert.throws(() => model.build([null, 5]), /LSTM 'lstm': expected input of rank 3 \(batch, time, C\), got \(None, 4\)/);
  assert.throws(() => new Sequential([new Conv1D({ filters: 4, kernelSize: 5 })], { inputShape: [3, 5] }), /Conv1D 'conv1d': expected input with time >= 5/);
  const built = new Sequential(layers().slice(0, 2), { inputShape: [null, 5] });
  assert.throws(() => built.predict(randn([2, 6, 7], 'float32')), /Conv1D 'conv1d': expected input of rank 3 \(batch, time, 5\), got \(2, 6, 7\)/);
});

test.run();

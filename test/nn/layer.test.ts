/** The layer base class: shape errors at build time and on later inputs name the layer, the expected and the actual shape. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, Tensor } from '../../src/autograd/index.js';
import { Conv1D, Dense, Flatten, GlobalAveragePooling1D, LSTM, MaxPool1D } from '../../src/nn/index.js';

const test = suite('nn Layer');

const rng = new Rng(11);
const randn = (shape: number[], dtype: 'float32' | 'float64' = 'float64') => {
  const t = Tensor.zeros(shape, dtype);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.normal();
  return t;
};

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

test.run();

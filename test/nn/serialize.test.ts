/** The model file format: exact round trips (float32 and float64, with and without training state) and the errors on a damaged file. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, Tensor } from '../../src/autograd/index.js';
import { Conv1D, Dense, LSTM, MaxPool1D, Regularizer, Sequential, TensorFileError, decodeModel, decodeTensorFile, encodeModel, paperCnn, paperLstm } from '../../src/nn/index.js';
import { editHeader } from '../util/tensor-file.js';

const test = suite('nn serialize');

function randomInput(shape: number[], seed: number, dtype: 'float32' | 'float64' = 'float32'): Tensor {
  const rng = new Rng(seed);
  const x = Tensor.zeros(shape, dtype);
  for (let i = 0; i < x.size; i++) x.data[i] = rng.normal();
  return x;
}

test('paper models round-trip exactly: architecture, weights, optimizer settings, predictions', () => {
  for (const model of [paperCnn(40, { seed: 3, learningRate: 5e-4 }), paperLstm(40, { seed: 4 })]) {
    const loaded = decodeModel(encodeModel(model));
    assert.equal(loaded.getConfig(), model.getConfig());
    assert.is(loaded.summary(), model.summary());
    assert.equal(loaded.getWeights(), model.getWeights());
    assert.equal(loaded.optimizer.config, model.optimizer.config);
    const x = randomInput([2, 9, 40], 5);
    assert.equal(Array.from(loaded.predict(x).data), Array.from(model.predict(x).data));
  }
});

test('a float64 model with every regulariser kind round-trips exactly', () => {
  const model = new Sequential(
    [
      new Conv1D({ filters: 3, kernelSize: 2, strides: 2, padding: 'same', kernelRegularizer: new Regularizer({ l1: 0.1, l2: 0.2 }) }),
      new MaxPool1D({ poolSize: 3, strides: 1 }),
      new LSTM({ units: 2, returnSequences: true, recurrentRegularizer: new Regularizer({ l2: 0.3 }), biasRegularizer: new Regularizer({ l1: 0.4 }) }),
      new LSTM({ units: 2, name: 'last_lstm' }),
      new Dense({ units: 4, activation: 'tanh', biasRegularizer: new Regularizer({ l1: 0.5 }) }),
    ],
    { inputShape: [7, 3], dtype: 'float64', seed: 6, name: 'mixed' },
  );
  const loaded = decodeModel(encodeModel(model));
  assert.equal(loaded.getConfig(), model.getConfig());
  assert.equal(loaded.getWeights(), model.getWeights());
  assert.ok(loaded.getWeights().every((w) => w instanceof Float64Array));
  const x = randomInput([2, 7, 3], 7, 'float64');
  assert.is(loaded.evaluate(x, [0, 3]).loss, model.evaluate(x, [0, 3]).loss, 'penalties restored too');
});

test('training state round-trips: Adam moments and step, Rng state, epoch', () => {
  const model = paperCnn(8, { seed: 9 });
  model.fit(randomInput([6, 12, 8], 10), [0, 1, 2, 3, 4, 5], { epochs: 2, batchSize: 4 });
  const loaded = decodeModel(encodeModel(model, { trainingState: true }));
  assert.is(loaded.epoch, 2);
  assert.equal(loaded.optimizer.state(), model.optimizer.state());
  assert.is(loaded.optimizer.iterations, 4);
  assert.equal(loaded.rng.state(), model.rng.state());
  const withoutState = decodeModel(encodeModel(model));
  assert.is(withoutState.epoch, 0);
  assert.is(withoutState.optimizer.iterations, 0);
});

test('a damaged or edited file is refused with one line that says what is wrong', () => {
  const model = new Sequential([new Dense({ units: 2, activation: 'relu' })], { inputShape: [3] });
  model.fit(randomInput([4, 3], 12), [0, 1, 1, 0], { epochs: 1, batchSize: 2 });
  const good = encodeModel(model, { trainingState: true, epochs: 3 });
  const refused = (bytes: Uint8Array, why: RegExp, label: string) => assert.throws(() => decodeModel(bytes), (err: Error) => err instanceof TensorFileError && why.test(err.message) && !err.message.includes('\n'), label);
  const unsigned = good.slice();
  const epochAt = new TextDecoder().decode(good).indexOf('\\"epoch\\":1');
  assert.ok(epochAt > 0);
  unsigned[epochAt + '\\"epoch\\":'.length] = 0x32;
  refused(unsigned, /checksum mismatch/, 'an epoch edited in the header');
  refused(editHeader(good, '\\"epoch\\":1', '\\"epoch\\":4'), /training epoch 4 is not within the run's 3 epochs/, 'epoch past the run');
  refused(editHeader(good, '\\"activation\\":\\"relu\\"', '\\"activation\\":\\"relu6\\"'), /the model configuration does not build a model \(.*relu6/, 'unknown activation');
  refused(editHeader(good, '\\"learningRate\\":0.001', '\\"learningRate\\":-0.001'), /optimizer learningRate -0.001 is not a number > 0/, 'negative learning rate');
  refused(editHeader(good, '\\"learningRate\\":0.001', '\\"learningRate\\":\\"fast\\"'), /optimizer learningRate "fast" is not a number > 0/, 'learning rate as text');
  refused(editHeader(good, '\\"iterations\\":2', '\\"iterations\\":null'), /training iterations null is not a non-negative integer/, 'iterations');
  refused(editHeader(good, '"format":"tunegrad.model"', '"format":"tunegrad.classifier"'), /holds a tunegrad.classifier, not a model/, 'another kind of file');
  refused(editHeader(good, '"version":"2"', '"version":"3"'), /model format version 3 \(this build reads version 2\)/, 'a newer version');
  refused(editHeader(good, '"dense/bias"', '"dense/bias2"'), /tensor 'dense\/bias' is missing from the file/, 'a renamed weight');
  refused(editHeader(good, '"model":"{', '"model":"['), /metadata "model" is not valid JSON|does not build/, 'broken model JSON');
  refused(new TextEncoder().encode('TUNEGRAD\x01\x00\x00\x00{}'), /first tunegrad model format .*; train the model again with node bench\/train.js/, 'a file of format 1');
  assert.throws(() => encodeModel(new Sequential([new Dense({ units: 2 })])), /encodeModel: model 'sequential' is not built/);
});

test('a model file is a tensor file: weights by name, settings in the metadata', () => {
  const { metadata, tensors } = decodeTensorFile(encodeModel(new Sequential([new Dense({ units: 1, name: 'out' })], { inputShape: [2] })));
  assert.is(metadata.format, 'tunegrad.model');
  assert.equal([...tensors.keys()], ['out/kernel', 'out/bias']);
  assert.equal(JSON.parse(metadata.model).layers[0].config.name ?? JSON.parse(metadata.model).layers[0].name, 'out');
});

test.run();

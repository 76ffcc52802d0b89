/** The model file format: exact round trips (float32 and float64, with and without training state) and the errors on a damaged file. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, Tensor } from '../../src/autograd/index.js';
import { Conv1D, Dense, FORMAT_VERSION, LSTM, MaxPool1D, Regularizer, Sequential, decodeModel, encodeModel, paperCnn, paperLstm, readHeader } from '../../src/nn/index.js';

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

test('a damaged file is rejected with an error that says how', () => {
  const model = new Sequential([new Dense({ units: 2 })], { inputShape: [3] });
  const good = encodeModel(model);
  const damaged = (edit: (bytes: Uint8Array) => Uint8Array) => () => decodeModel(edit(good.slice()));
  assert.throws(damaged((b) => b.subarray(0, 10)), /decodeModel: truncated file: 10 bytes, the fixed prefix alone is 16/);
  assert.throws(damaged((b) => ((b[0] = 0x58), b)), /decodeModel: not a tunegrad model file: magic "XUNEGRAD", expected "TUNEGRAD"/);
  assert.throws(
    damaged((b) => (new DataView(b.buffer).setUint32(8, FORMAT_VERSION + 1, true), b)),
    new RegExp(`unsupported format version ${FORMAT_VERSION + 1} \\(this build reads version ${FORMAT_VERSION}\\)`),
  );
  assert.throws(damaged((b) => b.subarray(0, 40)), /decodeModel: truncated file: 40 bytes, the header alone ends at byte \d+/);
  assert.throws(damaged((b) => b.subarray(0, b.length - 4)), /decodeModel: truncated file: payload has \d+ of \d+ bytes/);
  assert.throws(damaged((b) => Uint8Array.from([...b, 0])), /decodeModel: 1 unexpected bytes after the payload/);
  assert.throws(damaged((b) => ((b[b.length - 3] ^= 0x10), b)), /decodeModel: payload checksum \d+ does not match the header's \d+ \(corrupt file\)/);
  assert.throws(damaged((b) => ((b[16] = 0xff), b)), /decodeModel: header is not valid UTF-8 JSON \(The encoded data was not valid/);
  assert.throws(damaged((b) => ((b[16] = 0x78), b)), /decodeModel: header is not valid UTF-8 JSON \(Unexpected token/);
  assert.throws(damaged((b) => ((b[19] = 0x4b), b)), /decodeModel: unknown content kind undefined/);
  assert.throws(() => encodeModel(new Sequential([new Dense({ units: 2 })])), /encodeModel: model 'sequential' is not built/);
});

test('the header names the file kind', () => {
  assert.is(readHeader(encodeModel(new Sequential([new Dense({ units: 1 })], { inputShape: [1] }))).header.kind, 'tunegrad.sequential');
});

test.run();

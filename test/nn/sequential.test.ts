/**
 * Sequential: summary and parameter counts, naming, fit / evaluate / predict semantics (penalties in
 * the loss, softmax predictions), the whole chain's shape checks and its loss gradient against
 * central differences, and resuming a run bit for bit from an exported state or a saved file.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, Tensor, noGrad, softmax } from '../../src/autograd/index.js';
import { Adam, Conv1D, Dense, GlobalAveragePooling1D, LSTM, Regularizer, Sequential, decodeModel, encodeModel, paperCnn, paperLstm, type EpochLog, MaxPool1D } from '../../src/nn/index.js';
import { expectClose } from '../util/close.js';
import { smallModel, toyData } from '../util/toy.js';
import { gradCheck, param64 } from '../util/gradcheck.js';

const test = suite('nn sequential');

const rng = new Rng(11);
const randn = (shape: number[], dtype: 'float32' | 'float64' = 'float64') => {
  const t = Tensor.zeros(shape, dtype);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.normal();
  return t;
};

const input = (shape: number[], sample?: (r: Rng) => number) => param64(shape, rng, sample);
const awayFromZero = (r: Rng) => r.uniform(0.1, 1) * (r.next() < 0.5 ? -1 : 1);

test('summary and countParams of the paper models (Keras counts)', () => {
  const lstm = paperLstm(40);
  assert.is(lstm.countParams(), 107466);
  const lines = lstm.summary().split('\n');
  assert.is(lines[0], 'Model: "lstm_paper"');
  assert.match(lstm.summary(), /lstm \(LSTM\)\s+\(None, None, 128\)\s+86,528/);
  assert.match(lstm.summary(), /lstm_1 \(LSTM\)\s+\(None, 32\)\s+20,608/);
  assert.match(lstm.summary(), /dense \(Dense\)\s+\(None, 10\)\s+330/);
  assert.match(lstm.summary(), /Total params: 107,466 \(419\.79 KB\)/);

  const cnn = paperCnn(40, { timesteps: 128 });
  assert.is(cnn.countParams(), 52290);
  const summary = cnn.summary();
  for (const row of [
    /conv1d \(Conv1D\)\s+\(None, 128, 32\)\s+6,432/,
    /max_pooling1d \(MaxPool1D\)\s+\(None, 64, 32\)\s+0/,
    /conv1d_1 \(Conv1D\)\s+\(None, 64, 64\)\s+10,304/,
    /conv1d_2 \(Conv1D\)\s+\(None, 32, 64\)\s+20,544/,
    /global_average_pooling1d \(GlobalAveragePooling1D\)\s+\(None, 64\)\s+0/,
    /dense \(Dense\)\s+\(None, 200\)\s+13,000/,
    /dropout \(Dropout\)\s+\(None, 200\)\s+0/,
    /dense_1 \(Dense\)\s+\(None, 10\)\s+2,010/,
    /Total params: 52,290 \(204\.26 KB\)/,
  ]) {
    assert.match(summary, row);
  }
  // The counts follow the formulas for other feature counts too (time never changes them).
  assert.is(paperLstm(20).countParams(), 4 * (128 * (20 + 128) + 128) + 4 * (32 * (128 + 32) + 32) + 330);
  assert.is(paperCnn(20, { timesteps: 1293 }).countParams(), 5 * 20 * 32 + 32 + 10304 + 20544 + 13000 + 2010);
});

test('layers are named like Keras, and a duplicate explicit name is refused', () => {
  const model = new Sequential([new Dense({ units: 2 }), new Dense({ units: 2 }), new Dense({ units: 2, name: 'head' })]);
  assert.equal(model.layers.map((l) => l.name), ['dense', 'dense_1', 'head']);
  assert.throws(() => model.add(new Dense({ units: 2, name: 'head' })), /a layer named 'head' already exists/);
  assert.throws(() => model.countParams(), /not built yet/);
});

test('fit learns a toy task; history has Keras fields; onBatchEnd fires per batch', () => {
  const { x, y } = toyData(48, 8, 4, 1);
  const val = toyData(24, 8, 4, 2);
  const model = smallModel(3);
  model.optimizer = new Adam({ learningRate: 0.02 });
  const batches: number[] = [];
  const history = model.fit(x, y, { epochs: 12, batchSize: 16, validationData: [val.x, val.y], onBatchEnd: (b) => batches.push(b.batch) });
  assert.is(history.epochs.length, 12);
  assert.is(history.stopped, null);
  assert.is(batches.length, 12 * 3);
  const first = history.epochs[0];
  const last = history.epochs[11];
  for (const key of ['loss', 'accuracy', 'valLoss', 'valAccuracy', 'seconds'] as const) assert.type(last[key], 'number');
  assert.equal(history.epochs.map((e) => e.epoch), [...Array(12).keys()]);
  assert.ok(last.loss < 0.6 * first.loss, `loss fell: ${first.loss} → ${last.loss}`);
  assert.ok(last.valAccuracy! >= 0.9, `validation accuracy ${last.valAccuracy}`);
  assert.is(model.epoch, 12);
});

test('predict returns softmax probabilities in batches, equal to Keras output; inference ignores dropout', () => {
  const { x } = toyData(7, 6, 4, 6);
  const model = smallModel(7);
  const full = model.predict(x);
  const small = model.predict(x, { batchSize: 3 });
  assert.equal(full.shape, [7, 3]);
  expectClose('batched = whole', small.data, full.data, { rtol: 1e-6, atol: 1e-7 });
  expectClose('softmax of the logits', full.data, noGrad(() => softmax(model.call(x))).data, { rtol: 1e-6, atol: 1e-7 });
  expectClose('rows sum to 1', Array.from({ length: 7 }, (_, i) => full.data[i * 3] + full.data[i * 3 + 1] + full.data[i * 3 + 2]), new Array(7).fill(1), { rtol: 1e-6 });
  const trainingOutput = noGrad(() => model.call(x, { training: true }));
  assert.not.equal(Array.from(trainingOutput.data), Array.from(noGrad(() => model.call(x)).data), 'dropout is active in training mode');
});

test('a softmax last layer makes the model output probabilities and train on their cross-entropy', () => {
  const { x, y } = toyData(12, 6, 4, 8);
  const model = new Sequential([new Conv1D({ filters: 4, kernelSize: 3 }), new GlobalAveragePooling1D(), new Dense({ units: 3, activation: 'softmax' })], { inputShape: [6, 4], seed: 1 });
  assert.is(model.output, 'probabilities');
  expectClose('predict = call', model.predict(x).data, noGrad(() => model.call(x)).data, { rtol: 0, atol: 1e-12 });
  const logitsTwin = new Sequential([new Conv1D({ filters: 4, kernelSize: 3 }), new GlobalAveragePooling1D(), new Dense({ units: 3 })], { inputShape: [6, 4], seed: 1 });
  assert.is(logitsTwin.output, 'logits');
  expectClose('same loss either way', model.evaluate(x, y).loss, logitsTwin.evaluate(x, y).loss, { rtol: 1e-5 });
});

test('the same seed repeats a run bit for bit; another seed does not', () => {
  const { x, y } = toyData(12, 6, 4, 13);
  const run = (seed: number) => {
    const model = smallModel(seed);
    const history = model.fit(x, y, { epochs: 2, batchSize: 5 });
    return { weights: model.getWeights(), losses: history.epochs.map((e) => e.loss) };
  };
  const a = run(14);
  assert.equal(run(14), a);
  assert.not.equal(run(15).weights, a.weights);
});

test('resume after a checkpoint (exportState or a saved file) continues bit for bit', () => {
  const { x, y } = toyData(15, 6, 4, 16);
  const val = toyData(6, 6, 4, 17);
  const options = { batchSize: 4, validationData: [val.x, val.y] as const };
  const straight = smallModel(18);
  const full = straight.fit(x, y, { epochs: 3, ...options });

  const interrupted = smallModel(18);
  let file: Uint8Array | null = null;
  let state: ReturnType<Sequential['exportState']> | null = null;
  interrupted.fit(x, y, {
    epochs: 3,
    ...options,
    onEpochEnd: (log: EpochLog) => {
      if (log.epoch !== 0) return undefined;
      file = encodeModel(interrupted, { trainingState: true });
      state = interrupted.exportState();
      return 'stop';
    },
  });

  const fromFile = decodeModel(file!);
  assert.is(fromFile.epoch, 1);
  const resumedFile = fromFile.fit(x, y, { epochs: 3, ...options });
  const fromState = smallModel(99);
  fromState.importState(state!);
  const resumedState = fromState.fit(x, y, { epochs: 3, ...options });

  const strip = (logs: EpochLog[]) => logs.map(({ seconds: _, ...rest }) => rest);
  for (const [label, model, history] of [['file', fromFile, resumedFile], ['state', fromState, resumedState]] as const) {
    assert.equal(strip(history.epochs), strip(full.epochs.slice(1)), `${label}: epochs 2 and 3 repeat exactly`);
    assert.equal(model.getWeights(), straight.getWeights(), `${label}: final weights are identical`);
    assert.equal(model.optimizer.state(), straight.optimizer.state(), `${label}: Adam moments are identical`);
    assert.equal(model.rng.state(), straight.rng.state(), `${label}: the generator stands at the same place`);
  }
});

test('input dtype and data shape errors are explicit', () => {
  const model = smallModel(1);
  assert.throws(() => model.call(Tensor.zeros([2, 6, 4], 'float64')), /input float64 \[2, 6, 4\] does not match the model's dtype float32/);
  assert.throws(() => model.fit(Tensor.zeros([3, 6, 4]), [0, 1], { epochs: 1 }), /fit: expects x \[N, \.\.\.\] and N labels \(N > 0\), got x \[3, 6, 4\] and 2 labels/);
  assert.throws(() => model.trainStep(Tensor.zeros([2, 6, 4]), [0, 7]), /oneHot: label 7 at index 1 is not a class index in \[0, 3\)/);
});

test('a Sequential checks the whole chain when it builds, naming the layer that does not fit', () => {
  const layers = () => [new Conv1D({ filters: 4, kernelSize: 3 }), new Dense({ units: 2 }), new LSTM({ units: 3 })];
  const model = new Sequential([new Conv1D({ filters: 4, kernelSize: 3 }), new GlobalAveragePooling1D(), new LSTM({ units: 3 })]);
  assert.throws(() => model.build([null, 5]), /LSTM 'lstm': expected input of rank 3 \(batch, time, C\), got \(None, 4\)/);
  assert.throws(() => new Sequential([new Conv1D({ filters: 4, kernelSize: 5 })], { inputShape: [3, 5] }), /Conv1D 'conv1d': expected input with time >= 5/);
  const built = new Sequential(layers().slice(0, 2), { inputShape: [null, 5] });
  assert.throws(() => built.predict(randn([2, 6, 7], 'float32')), /Conv1D 'conv1d': expected input of rank 3 \(batch, time, 5\), got \(2, 6, 7\)/);
});

test('end to end: Conv1D → MaxPool1D → LSTM → Dense, cross-entropy + L1 + L2, every parameter', () => {
  const model = new Sequential(
    [
      new Conv1D({ filters: 3, kernelSize: 3, padding: 'same', activation: 'tanh', kernelRegularizer: new Regularizer({ l1: 1e-2 }) }),
      new MaxPool1D({ poolSize: 2, padding: 'same' }),
      new LSTM({ units: 3, returnSequences: true, kernelRegularizer: new Regularizer({ l2: 1e-2 }), recurrentRegularizer: new Regularizer({ l2: 1e-2 }) }),
      new LSTM({ units: 2, biasRegularizer: new Regularizer({ l2: 1e-2 }) }),
      new Dense({ units: 4, kernelRegularizer: new Regularizer({ l1: 1e-2, l2: 1e-2 }) }),
    ],
    { inputShape: [5, 2], dtype: 'float64', seed: 5 },
  );
  for (const w of model.weights) for (let i = 0; i < w.size; i++) w.data[i] = awayFromZero(rng);
  const x = input([3, 5, 2]);
  const labels = [1, 3, 0];
  gradCheck('model loss', (t) => model.loss(t, labels).loss, [x, ...model.weights]);
});

test.run();

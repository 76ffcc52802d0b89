/**
 * The training step and the epoch loop (src/nn/train.ts), through `fit`: Keras's batch-size-weighted
 * epoch loss, the non-finite guard (a NaN loss, or a finite loss with a NaN gradient, stops before
 * the update and names the epoch and batch), and stopping by signal or callback.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Tensor, add, mul, noGrad, sqrt, type DType } from '../../src/autograd/index.js';
import { Dense, LSTM, NonFiniteLossError, Sequential, Layer, labelledSamples, ones, train, type LayerConfig, type ShapeSpec, softmaxCrossEntropy } from '../../src/nn/index.js';
import { expectClose } from '../util/close.js';
import { smallModel, toyData } from '../util/toy.js';

const test = suite('nn train');

/** y = sqrt(w ⊙ x²): finite at x = 0, but dL/dw = x²/(2y) there is 0/0 = NaN. */
class RootLayer extends Layer {
  readonly className = 'RootLayer';
  constructor() {
    super('root');
  }
  computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    return inputShape;
  }
  protected checkInput(): void {}
  protected override createWeights(inputShape: ShapeSpec, dtype: DType): void {
    this.addWeight('w', ones([inputShape[inputShape.length - 1] as number], dtype));
  }
  protected call(x: Tensor): Tensor {
    return sqrt(mul(mul(x, x), this.params[0].value));
  }
  getConfig(): LayerConfig {
    return this.configWith();
  }
}

test("epoch loss is the batch-size-weighted mean of trainStep losses (Keras's Mean tracker); evaluate adds the penalties", () => {
  const { x, y } = toyData(10, 6, 4, 4);
  const a = smallModel(5);
  const history = a.fit(x, y, { epochs: 1, batchSize: 4, shuffle: false });
  const b = smallModel(5);
  const rows = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]];
  let weighted = 0;
  let correct = 0;
  for (const r of rows) {
    const batch = new Tensor(x.data.slice(r[0] * 24, (r[r.length - 1] + 1) * 24), [r.length, 6, 4]);
    const step = b.trainStep(batch, r.map((i) => y[i]));
    weighted += step.loss * r.length;
    correct += step.correct;
  }
  assert.is(history.epochs[0].loss, weighted / 10);
  assert.is(history.epochs[0].accuracy, correct / 10);
  assert.equal(a.getWeights(), b.getWeights());

  const evaluated = a.evaluate(x, y, { batchSize: 3 });
  const expected = noGrad(() => add(softmaxCrossEntropy(a.call(x), y), a.regularizationLoss()!).item());
  expectClose('evaluate loss', evaluated.loss, expected, { rtol: 1e-6 });
});

test('a NaN loss or gradient stops fit with an error naming the epoch and batch, before the update', () => {
  const { x, y } = toyData(12, 6, 4, 9);
  x.data[(5 * 6 + 2) * 4 + 1] = Number.NaN; // sample 5 → batch 2 of 3 without shuffling
  const models = [
    // No relu before the NaN: the loss itself is NaN.
    [new Sequential([new LSTM({ units: 3 }), new Dense({ units: 3 })], { inputShape: [6, 4], seed: 1 }), /loss is NaN at epoch 1\/3, batch 2\/3; the weights are those before this batch/],
  ] as const;
  for (const [model, message] of models) {
    let before: unknown = null;
    try {
      model.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, onBatchEnd: () => (before = model.getWeights()) });
      assert.unreachable('fit should have thrown');
    } catch (err) {
      assert.instance(err, NonFiniteLossError);
      assert.match((err as Error).message, message);
    }
    assert.equal(model.getWeights(), before, 'no update from the NaN batch');
    assert.is(model.epoch, 0);
  }
});

test('a finite loss with a NaN gradient stops fit before the update, naming the epoch and batch', () => {
  const { x, y } = toyData(12, 6, 4, 9);
  x.data[(5 * 6 + 2) * 4 + 1] = 0; // sample 5 → batch 2 of 3 without shuffling
  const model = new Sequential([new RootLayer(), new LSTM({ units: 3 }), new Dense({ units: 3 })], { inputShape: [6, 4], seed: 1 });
  let before: unknown = null;
  try {
    model.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, onBatchEnd: () => (before = model.getWeights()) });
    assert.unreachable('fit should have thrown');
  } catch (err) {
    assert.instance(err, NonFiniteLossError);
    assert.match((err as Error).message, /loss is [\d.]+ but the gradient norm is NaN at epoch 1\/3, batch 2\/3/);
  }
  assert.equal(model.getWeights(), before, 'no update from the NaN batch');
});

test('an epoch that names its samples has them named in the non-finite error', () => {
  const { x, y } = toyData(12, 6, 4, 9);
  x.data[(5 * 6 + 2) * 4 + 1] = Number.NaN; // sample 5 → batch 2 of 3 without shuffling
  const model = new Sequential([new LSTM({ units: 3 }), new Dense({ units: 3 })], { inputShape: [6, 4], seed: 1 });
  const epoch = { ...labelledSamples(x, y), names: (rows: readonly number[]) => rows.map((r) => `clip.${r}`) };
  try {
    train(model, () => epoch, { epochs: 1, batchSize: 4, shuffle: false });
    assert.unreachable('train should have thrown');
  } catch (err) {
    assert.instance(err, NonFiniteLossError);
    assert.match((err as Error).message, /batch 2\/3 \(samples: clip\.4, clip\.5, clip\.6, clip\.7\);/);
  }
});

test('an aborted signal ends training between batches; onEpochEnd can stop early', () => {
  const { x, y } = toyData(12, 6, 4, 11);
  const controller = new AbortController();
  const model = smallModel(12);
  let seen = 0;
  const history = model.fit(x, y, { epochs: 5, batchSize: 4, onBatchEnd: () => ++seen === 5 && controller.abort(), signal: controller.signal });
  assert.is(history.stopped, 'signal');
  assert.is(seen, 5);
  assert.is(history.epochs.length, 1);
  assert.is(model.epoch, 1, 'the unfinished epoch is not counted');

  const early = smallModel(12).fit(x, y, { epochs: 5, batchSize: 4, onEpochEnd: (log) => (log.epoch === 1 ? 'stop' : undefined) });
  assert.is(early.stopped, 'callback');
  assert.is(early.epochs.length, 2);
});

test.run();

/** The model registry's --epochs parser, shared by bench/compare.js and bench/feature-analysis.js, and its defaults. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MODELS, parseEpochsPerModel } from '../../src/gtzan/index.js';

const test = suite('parseEpochsPerModel');
const models = ['cnn', 'lstm', 'crnn-seg-mix'];
const defaults = { lstm: 20 };

test("defaults per model (given, else the registry's), one number for all, or named overrides", () => {
  assert.equal(parseEpochsPerModel(undefined, models), { cnn: MODELS.cnn.epochs, lstm: MODELS.lstm.epochs, 'crnn-seg-mix': MODELS['crnn-seg-mix'].epochs });
  assert.equal(parseEpochsPerModel(undefined, models, defaults), { cnn: MODELS.cnn.epochs, lstm: 20, 'crnn-seg-mix': MODELS['crnn-seg-mix'].epochs });
  assert.equal(parseEpochsPerModel('7', models, defaults), { cnn: 7, lstm: 7, 'crnn-seg-mix': 7 });
  assert.equal(parseEpochsPerModel('cnn=5,crnn-seg-mix=9', models, defaults), { cnn: 5, lstm: 20, 'crnn-seg-mix': 9 });
});

test('bad values and unknown models are errors naming the flag', () => {
  assert.throws(() => parseEpochsPerModel('0', models, defaults), /--epochs must be a positive integer, got '0'/);
  assert.throws(() => parseEpochsPerModel('cnn=x', models, defaults), /got 'x'/);
  assert.throws(() => parseEpochsPerModel('svm=3', models, defaults), /--epochs names 'svm', which is not among --models/);
  assert.throws(() => parseEpochsPerModel(undefined, ['svm']), /unknown model 'svm'/);
});

test.run();

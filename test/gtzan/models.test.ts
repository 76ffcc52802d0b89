/** The model registry's --epochs parser, shared by bench/compare.js and bench/feature-analysis.js. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseEpochsPerModel } from '../../src/gtzan/index.js';

const test = suite('parseEpochsPerModel');
const models = ['cnn', 'lstm', 'crnn'];
const defaults = { lstm: 20 };

test('defaults per model, one number for all, or named overrides', () => {
  assert.equal(parseEpochsPerModel(undefined, models, defaults, 30), { cnn: 30, lstm: 20, crnn: 30 });
  assert.equal(parseEpochsPerModel('7', models, defaults, 30), { cnn: 7, lstm: 7, crnn: 7 });
  assert.equal(parseEpochsPerModel('cnn=5,crnn=9', models, defaults, 30), { cnn: 5, lstm: 20, crnn: 9 });
});

test('bad values and unknown models are errors naming the flag', () => {
  assert.throws(() => parseEpochsPerModel('0', models, defaults, 30), /--epochs must be a positive integer, got '0'/);
  assert.throws(() => parseEpochsPerModel('cnn=x', models, defaults, 30), /got 'x'/);
  assert.throws(() => parseEpochsPerModel('svm=3', models, defaults, 30), /--epochs names 'svm', which is not among --models/);
});

test.run();

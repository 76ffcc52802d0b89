/**
 * The values of the options the bench commands share, each error naming the flag: counts, seeds,
 * lists and choices, fractions, split methods, models, feature groups, --epochs per model with its
 * defaults, the data and output folders, the extraction flags; and the model list of --help.
 */
import { mkdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  dataFolder,
  extractionOptions,
  modelList,
  outputFolder,
  parseChoices,
  parseEpochsPerModel,
  parseFeatureGroups,
  parseFractions,
  parseModels,
  parsePositiveInt,
  parseSeed,
  parseSplitMethod,
  parseWorkers,
  splitFlags,
} from '../../../src/gtzan/cli/options.js';
import { MODELS } from '../../../src/gtzan/train/models.js';
import { tempDir } from '../../util/files.js';

const test = suite('gtzan/cli/options');

const models = ['cnn', 'lstm', 'crnn-seg-mix'];
const defaults = { lstm: 20 };

test('parseFeatureGroups checks names', () => {
  assert.equal(parseFeatureGroups('mfcc, centroid,chroma,contrast'), ['mfcc', 'centroid', 'chroma', 'contrast']);
  assert.throws(() => parseFeatureGroups('mfcc,beats'), /unknown feature group "beats"/);
  assert.throws(() => parseFeatureGroups('mfcc,mfcc'), /twice/);
  assert.throws(() => parseFeatureGroups(' , '), /no feature groups/);
});

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
  assert.equal(parseModels(' cnn, lstm'), ['cnn', 'lstm']);
  for (const empty of ['', ' , ']) assert.throws(() => parseModels(empty), new RegExp(`^--models names no model in '${empty}'`));
  assert.throws(() => parseModels('cnn,lstm,cnn'), /^--models names 'cnn' twice in 'cnn,lstm,cnn'$/);
  for (const name of ['__proto__', 'toString', 'constructor', 'hasOwnProperty']) {
    assert.throws(() => parseModels(name), new RegExp(`unknown model '${name}'`));
    assert.throws(() => parseEpochsPerModel(undefined, [name]), new RegExp(`unknown model '${name}'`));
  }
});

test('numbers: positive counts, workers from 0, integer seeds; lists, choices, fractions and split methods', () => {
  assert.is(parsePositiveInt('runs', '3'), 3);
  for (const bad of ['0', '-1', '2.5', 'x', '']) assert.throws(() => parsePositiveInt('runs', bad), new RegExp(`--runs must be a positive integer, got '${bad}'`));
  assert.is(parseWorkers('0'), 0);
  assert.throws(() => parseWorkers('-2'), /--workers must be an integer >= 0, got '-2'/);
  assert.is(parseSeed('7'), 7);
  assert.is(parseSeed('4294967295'), 4294967295);
  for (const bad of ['4294967296', '1e300', '-1', '1.5', '', 'x', '1e3', '0x10']) {
    assert.throws(() => parseSeed(bad), new RegExp(`^--seed must be an integer, got '${bad}'; seeds run from 0 to 4294967295$`));
  }
  assert.equal(parseChoices('split', ' random, ,blocks', ['random', 'blocks', 'lists']), ['random', 'blocks']);
  assert.throws(() => parseChoices('split', 'random,artist', ['random', 'blocks']), /unknown split 'artist'; choose from random, blocks/);
  assert.is(parseFractions(undefined), undefined);
  assert.equal(parseFractions('0.8,0,0.2'), { train: 0.8, valid: 0, test: 0.2 });
  for (const bad of ['0.5,0.5', '0.5,x,0.5', '0.5,-0.1,0.6']) assert.throws(() => parseFractions(bad), /--fractions needs three numbers like 0\.7,0\.1,0\.2/);
  assert.is(parseSplitMethod('blocks'), 'blocks');
  assert.throws(() => parseSplitMethod('artist'), /--split must be random or blocks, got 'artist'/);
});

test('models: registry names only (not inherited object keys)', () => {
  assert.equal(parseModels('cnn, stats-seg-aug'), ['cnn', 'stats-seg-aug']);
  for (const bad of ['svm', 'toString']) assert.throws(() => parseModels(`cnn,${bad}`), new RegExp(`unknown model '${bad}'; choose from cnn,`));
});

test('folders: data (synthetic, an existing folder, else the default or the synthetic fallback) and the output folder', () => {
  const { dir, cleanup } = tempDir();
  const saved = process.env.GTZAN_DIR;
  try {
    assert.is(dataFolder('synthetic'), 'synthetic');
    assert.is(dataFolder(dir), resolve(dir));
    assert.throws(() => dataFolder(join(dir, 'missing')), /no data at .*missing \(pass --data DIR, or --data synthetic\)/);
    process.env.GTZAN_DIR = join(dir, 'missing');
    assert.throws(() => dataFolder(undefined), /no data at .*missing/);
    assert.is(dataFolder(undefined, true), 'synthetic');
    process.env.GTZAN_DIR = dir;
    assert.is(dataFolder(undefined, true), resolve(dir));
    assert.is(outputFolder(join(dir, 'out'), 'cnn'), resolve(dir, 'out'));
    assert.match(outputFolder(undefined, 'cnn'), /\/runs\/cnn-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d$/);
  } finally {
    if (saved === undefined) delete process.env.GTZAN_DIR;
    else process.env.GTZAN_DIR = saved;
    cleanup();
  }
});

test('extraction flags and the model list of --help, its counts computed from the models', () => {
  assert.equal(extractionOptions({}), {});
  assert.equal(extractionOptions({ 'no-cache': true, workers: '0' }), { cacheDir: null, workers: 0 });
  assert.throws(() => extractionOptions({ workers: 'all' }), /--workers must be an integer >= 0, got 'all'/);
  const lines = modelList().split('\n');
  assert.is(lines.length, Object.keys(MODELS).length);
  assert.match(lines[0], /^ {2}cnn +the paper's CNN: .*; 52,290 params at 40 features \[30 epochs\]$/);
  assert.match(lines.find((l) => l.includes('stats-seg-aug'))!, /17,258 params at 40 features \[60 epochs\]$/);
  assert.match(lines.find((l) => l.includes('stats-plus-seg-aug'))!, /; features mfcc,centroid,chroma,contrast,bandwidth,rolloff,flatness,onset; 18,842 params at 44 features \[60 epochs\]$/);
});

test('split flags: random by default; --split-dir excludes --split and --test-data; --test-data on the --data folder warns', () => {
  const { dir, cleanup } = tempDir();
  try {
    const data = join(dir, 'data');
    const other = join(dir, 'other');
    mkdirSync(data);
    mkdirSync(other);
    symlinkSync(data, join(dir, 'link'));
    assert.equal(splitFlags({}, data), { split: 'random', splitDir: undefined, testData: undefined });
    assert.equal(splitFlags({ split: 'blocks', 'test-data': other }, data), { split: 'blocks', splitDir: undefined, testData: other });
    assert.equal(splitFlags({ 'split-dir': 'lists' }, data).splitDir, resolve('lists'));
    assert.throws(() => splitFlags({ split: 'random', 'split-dir': 'lists' }, data), /^--split and --split-dir both choose the split; give one of them$/);
    assert.throws(() => splitFlags({ 'test-data': other, 'split-dir': 'lists' }, data), /^--test-data and --split-dir both choose the test clips; give one of them$/);
    assert.throws(() => splitFlags({ split: 'artist' }, data), /--split must be random or blocks/);
    for (const same of [data, `${data}/`, join(dir, 'link'), join(other, '..', 'data')]) {
      assert.match(splitFlags({ 'test-data': same }, data).warning ?? '', /^--test-data .* is the --data folder: the test clips are also training clips/);
    }
    assert.is(splitFlags({ 'test-data': other }, data).warning, undefined);
  } finally {
    cleanup();
  }
});

test.run();

/** The model registry: every entry builds, its parameter count comes from the built model, unknown names are refused. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_GROUPS, featureCount } from '../../../src/dsp/features.js';
import { MEMBER_SEED_STRIDE, MODELS, countModelParams, memberSeed, modelEntry, modelGroups, modelMembers } from '../../../src/gtzan/train/models.js';

const test = suite('gtzan/train/models');

test('parameter counts at 40 features are those of the built models (the documented ones for the paper and beyond)', () => {
  const counts = Object.fromEntries(Object.keys(MODELS).map((name) => [name, countModelParams(name)]));
  assert.equal(counts, {
    cnn: 52290,
    lstm: 107466,
    crnn: 50410,
    'attn-cnn': 56514,
    'attn-lstm': 108554,
    'cnn-seg': 52290,
    'cnn-seg-aug': 52290,
    'crnn-seg-aug': 50410,
    'crnn-seg-mix': 50410,
    stats: 17258,
    'stats-seg': 17258,
    'stats-seg-aug': 17258,
    'stats-plus-seg-aug': 17258,
    'stats-mel-seg-aug': 17258,
    'stats-rhythm-seg-aug': 17258,
    'stats-mel-seg-aug-ens5': 5 * 17258,
  });
  assert.is(countModelParams('cnn', 20, 4), 5 * 20 * 32 + 32 + 10304 + 20544 + 13000 + 4 * 201);
  for (const entry of Object.values(MODELS)) assert.not.match(entry.description, /params/, 'descriptions do not restate the counts');
});

test('feature groups: the paper 40 unless an entry names its own; the list is a copy', () => {
  assert.equal(modelGroups('cnn'), DEFAULT_GROUPS);
  assert.equal(modelGroups('stats-plus-seg-aug'), [...DEFAULT_GROUPS, 'bandwidth', 'rolloff', 'flatness', 'onset']);
  assert.is(featureCount(modelGroups('stats-plus-seg-aug')), 44);
  assert.is(featureCount(modelGroups('stats-rhythm-seg-aug')), 58);
  assert.equal(modelGroups('stats-mel-seg-aug'), [...modelGroups('stats-plus-seg-aug'), 'mel']);
  assert.is(featureCount(modelGroups('stats-mel-seg-aug')), 84);
  assert.is(countModelParams('stats-mel-seg-aug', 84), 3 * 84 * 4 + (3 * 84 * 128 + 128) + 1290);
  assert.is(countModelParams('stats-plus-seg-aug', 44), 3 * 44 * 4 + (3 * 44 * 128 + 128) + 1290);
  modelGroups('cnn').push('zcr');
  assert.equal(modelGroups('cnn'), DEFAULT_GROUPS);
});

test('an ensemble entry: five stats-mel-seg-aug networks on its groups, member 0 on the run seed, no seed shared', () => {
  const ensemble = modelEntry('stats-mel-seg-aug-ens5');
  const single = modelEntry('stats-mel-seg-aug');
  assert.is(modelMembers('stats-mel-seg-aug-ens5'), 5);
  assert.is(modelMembers('stats-mel-seg-aug'), 1);
  assert.equal(modelGroups('stats-mel-seg-aug-ens5'), modelGroups('stats-mel-seg-aug'));
  assert.equal([ensemble.epochs, ensemble.segments], [single.epochs, single.segments]);
  assert.is(countModelParams('stats-mel-seg-aug-ens5', 84), 5 * countModelParams('stats-mel-seg-aug', 84));
  assert.equal([0, 1, 2, 3, 4].map((m) => memberSeed(7, m)), [7, 1007, 2007, 3007, 4007]);
  const seeds = [0, 1, 2, 3, 4].flatMap((run) => [0, 1, 2, 3, 4].map((m) => memberSeed(run, m)));
  assert.is(new Set(seeds).size, 25, 'five runs of five members: 25 distinct seeds');
  assert.ok(MEMBER_SEED_STRIDE > 100, 'room for more runs than any study here uses');
});

test('an unknown model is an error listing the known ones', () => {
  assert.throws(() => modelEntry('svm'), /unknown model 'svm' \(one of cnn, lstm,/);
});

test.run();

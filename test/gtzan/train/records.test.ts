/** settings.json and run-k.json read back for --resume: every malformed field is one line naming the file and the field. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseRunRecord, parseSettings, RecordError } from '../../../src/gtzan/train/records.js';

const test = suite('gtzan train records');

const settings = { model: 'cnn', data: 'synthetic', split: 'random', seed: 3, runs: 2, epochs: 4, batchSize: 8, groups: ['mfcc', 'chroma'], backend: 'reference', fractions: { train: 0.5, valid: 0.25, test: 0.25 }, synthetic: { clipsPerClass: 4, seconds: 1.5 } };
const record = { run: 1, seed: 4, done: true, history: [{ epoch: 0, loss: 2.1, accuracy: 0.2, valLoss: 2.2, valAccuracy: 0.1, seconds: 0.3 }], testAccuracy: 0.5, testLoss: 1.9, validAccuracy: 0.1, confusionMatrix: [[1, 0], [1, 0]] };

function refused(parse: () => unknown, why: RegExp, label: string): void {
  assert.throws(parse, (err: Error) => err instanceof RecordError && why.test(err.message) && !err.message.includes('\n'), label);
}

test('sound files parse to what they hold', () => {
  assert.equal(parseSettings('settings.json', JSON.stringify(settings)), settings);
  assert.equal(parseRunRecord('run-1.json', JSON.stringify(record), 1, 4), record);
});

test('settings.json: not JSON, null, {}, wrong types and ranges name the file and the field', () => {
  const edit = (change: Record<string, unknown>) => JSON.stringify({ ...settings, ...change });
  refused(() => parseSettings('s.json', '{"model": "cnn",'), /^s\.json: not valid JSON/, 'truncated');
  refused(() => parseSettings('s.json', 'null'), /^s\.json: the file is null, not an object$/, 'null');
  refused(() => parseSettings('s.json', '{}'), /^s\.json: "model" is missing, expected one of cnn, lstm/, '{}');
  refused(() => parseSettings('s.json', edit({ epochs: '4' })), /^s\.json: "epochs" is "4", expected a positive integer$/, 'a string epoch count');
  refused(() => parseSettings('s.json', edit({ seed: null })), /"seed" is null, expected an integer in \[0, 2\^32\)/, 'null seed');
  refused(() => parseSettings('s.json', edit({ model: '__proto__' })), /"model" is "__proto__"/, 'prototype key');
  refused(() => parseSettings('s.json', edit({ groups: ['mfcc', 'beats'] })), /"groups" is \["mfcc","beats"\], expected a list of feature groups/, 'unknown group');
  refused(() => parseSettings('s.json', edit({ fractions: { train: 2, valid: 0, test: 0 } })), /"fractions": "train" is 2, expected a number in \[0, 1\]/, 'fraction');
  refused(() => parseSettings('s.json', edit({ timesteps: 0 })), /"timesteps" is 0, expected a positive integer/, 'timesteps');
});

test('run-k.json: another run, a changed seed, a malformed history or test result', () => {
  const edit = (change: Record<string, unknown>) => JSON.stringify({ ...record, ...change });
  refused(() => parseRunRecord('r.json', edit({ run: 0 }), 1, 4), /^r\.json: "run" is 0, expected 1 \(this file's run\)$/, 'run');
  refused(() => parseRunRecord('r.json', record && JSON.stringify(record), 1, 5), /"seed" is 4, expected 5/, 'seed');
  refused(() => parseRunRecord('r.json', edit({ history: [{ epoch: 0, loss: null, accuracy: 0, seconds: 1 }] }), 1, 4), /history\[0\]: "loss" is null, expected a number/, 'null loss');
  refused(() => parseRunRecord('r.json', edit({ history: [{ epoch: 3, loss: 1, accuracy: 0, seconds: 1 }] }), 1, 4), /history\[0\]: "epoch" is 3, expected 0/, 'epoch order');
  refused(() => parseRunRecord('r.json', edit({ testAccuracy: 'high' }), 1, 4), /"testAccuracy" is "high", expected a number in \[0, 1\]/, 'test accuracy');
  refused(() => parseRunRecord('r.json', edit({ done: 'yes' }), 1, 4), /"done" is "yes", expected true or false/, 'done');
  assert.ok(parseRunRecord('r.json', JSON.stringify({ run: 1, seed: 4, done: false, history: [] }), 1, 4), 'an unfinished run needs no test result');
});

test.run();

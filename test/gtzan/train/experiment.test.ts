/**
 * The experiment end to end: a tiny synthetic corpus through features, split, training runs,
 * results and pictures; an interrupted experiment resumed to the same weights; an ensemble model
 * (its members, their mean, an interrupted member resumed); real GTZAN clips
 * with a corrupt file in a temporary copy (when ../shared/gtzan exists).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Ensemble } from '../../../src/nn/index.js';
import { countModelParams, loadClassifier, modelGroups, runExperiment, summarize, writeResults, type ExperimentSettings } from '../../../src/gtzan/index.js';
import { loadModel } from '../../../src/gtzan/files.js';
import { expectClose } from '../../util/close.js';
import { sharedGtzan } from '../../util/skip.js';

const test = suite('gtzan/train/experiment');

const tiny: ExperimentSettings = {
  model: 'cnn',
  data: 'synthetic',
  synthetic: { clipsPerClass: 4, seconds: 1.5 },
  split: 'random',
  fractions: { train: 0.5, valid: 0.25, test: 0.25 },
  seed: 3,
  runs: 2,
  epochs: 3,
  batchSize: 8,
  groups: ['mfcc', 'centroid', 'chroma', 'contrast'],
  backend: 'reference',
};
const temp = () => mkdtempSync(join(tmpdir(), 'tunegrad-experiment-'));

test('a synthetic experiment runs end to end and writes results.json and the pictures', async () => {
  const out = temp();
  try {
    const outcome = await runExperiment(tiny, out, { cacheDir: null, workers: 0 });
    assert.ok(outcome.complete);
    const results = summarize(outcome);
    const files = writeResults(outcome, results, out);
    const json = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    assert.is(json.model, 'cnn');
    assert.is(json.params, 52290);
    assert.equal(json.labels.length, 10);
    assert.equal(json.runs.map((r: { seed: number }) => r.seed), [3, 4]);
    for (const run of json.runs) {
      assert.is(run.history.length, 3);
      assert.ok(run.testAccuracy >= 0 && run.testAccuracy <= 1);
      assert.ok(run.secondsPerEpoch > 0);
    }
    const cmTotal = json.confusionMatrix.flat().reduce((s: number, v: number) => s + v, 0);
    assert.is(cmTotal, 2 * json.data.clips.test.length, 'confusion matrix counts every test clip of every run');
    assert.ok(Math.abs(json.meanTestAccuracy - (json.runs[0].testAccuracy + json.runs[1].testAccuracy) / 2) < 1e-12);
    assert.equal(json.skipped, []);
    for (const f of files.filter((f) => f.endsWith('.svg'))) assert.match(readFileSync(f, 'utf8'), /^<svg[\s\S]*<\/svg>\s*$/);
    assert.ok(readdirSync(out).includes('best-model.tgw'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('the same seed reproduces the same accuracy and weights bit for bit', async () => {
  const [a, b] = [temp(), temp()];
  try {
    const settings = { ...tiny, runs: 1 };
    const ra = summarize(await runExperiment(settings, a, { cacheDir: null, workers: 0 }));
    const rb = summarize(await runExperiment(settings, b, { cacheDir: null, workers: 0 }));
    assert.equal(ra.runs[0].history.map((e) => [e.loss, e.accuracy]), rb.runs[0].history.map((e) => [e.loss, e.accuracy]));
    assert.equal(loadModel(join(a, 'run-0.ckpt')).getWeights(), loadModel(join(b, 'run-0.ckpt')).getWeights());
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});

test('an experiment interrupted after epoch 2 of run 1 resumes to the uninterrupted weights', async () => {
  const [whole, broken] = [temp(), temp()];
  try {
    const settings = { ...tiny, model: 'lstm', epochs: 4, synthetic: { clipsPerClass: 3, seconds: 1 } };
    await runExperiment(settings, whole, { cacheDir: null, workers: 0 });
    const controller = new AbortController();
    const first = await runExperiment(settings, broken, {
      cacheDir: null,
      workers: 0,
      signal: controller.signal,
      onEpoch: (run, log) => {
        if (run === 1 && log.epoch === 1) controller.abort();
      },
    });
    assert.not.ok(first.complete);
    assert.is(loadModel(join(broken, 'run-1.ckpt')).epoch, 2);
    const resumed = await runExperiment(settings, broken, { cacheDir: null, workers: 0 }, true);
    assert.ok(resumed.complete);
    for (const run of [0, 1]) {
      const expected = loadModel(join(whole, `run-${run}.ckpt`));
      const actual = loadModel(join(broken, `run-${run}.ckpt`));
      assert.is(actual.epoch, 4);
      assert.equal(actual.getWeights(), expected.getWeights(), `run ${run} weights`);
    }
    assert.equal(
      summarize(resumed).runs.map((r) => r.history.map((e) => e.loss)),
      [0, 1].map((k) => JSON.parse(readFileSync(join(whole, `run-${k}.json`), 'utf8')).history.map((e: { loss: number }) => e.loss)),
      'the resumed runs keep the losses of the epochs before the interruption',
    );
  } finally {
    rmSync(whole, { recursive: true, force: true });
    rmSync(broken, { recursive: true, force: true });
  }
});

test('an ensemble: member 0 is the single network of the run, the run scores the members\' mean, and an interrupted member resumes', async () => {
  const [single, ensemble, broken] = [temp(), temp(), temp()];
  try {
    const settings: ExperimentSettings = { ...tiny, model: 'stats-mel-seg-aug-ens5', groups: modelGroups('stats-mel-seg-aug-ens5'), runs: 1, epochs: 2 };
    await runExperiment({ ...settings, model: 'stats-mel-seg-aug' }, single, { cacheDir: null, workers: 0 });
    const outcome = await runExperiment(settings, ensemble, { cacheDir: null, workers: 0 });
    assert.is(outcome.params, 5 * countModelParams('stats-mel-seg-aug', 84));
    const read = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const record = read(ensemble, 'run-0.json');
    const members = [0, 1, 2, 3, 4].map((m) => read(ensemble, `run-0-member-${m}.json`));
    assert.equal(members.map((m) => m.seed), [3, 1003, 2003, 3003, 4003]);
    assert.equal(record.members.map((m: { seed: number }) => m.seed), [3, 1003, 2003, 3003, 4003]);
    assert.equal(members[0].testPredictions, read(single, 'run-0.json').testPredictions, 'member 0 predicts as the single network');
    assert.equal(loadModel(join(ensemble, 'run-0-member-0.ckpt')).getWeights(), loadModel(join(single, 'run-0.ckpt')).getWeights());
    assert.not.equal(members[1].testPredictions, members[0].testPredictions, 'members differ');
    const nClasses = 10;
    let correct = 0;
    record.testPredictions.forEach((p: { clip: string; probabilities: number[] }, c: number) => {
      const mean = Array.from({ length: nClasses }, (_, k) => members.reduce((sum, m) => sum + m.testPredictions[c].probabilities[k], 0) / members.length);
      expectClose(`ensemble probabilities of ${p.clip}`, p.probabilities, mean, { atol: 1e-6, rtol: 0 });
      const label = outcome.corpus.labels.indexOf(outcome.corpus.split.test[c].label);
      if (p.probabilities.indexOf(Math.max(...p.probabilities)) === label) correct++;
    });
    assert.is(record.testAccuracy, correct / record.testPredictions.length);
    expectClose('seconds per epoch: the members\' sum', [record.secondsPerEpoch], [members.reduce((s, m) => s + m.secondsPerEpoch, 0)], { atol: 1e-12, rtol: 0 });
    assert.not.ok(readdirSync(ensemble).includes('best-model.tgw'), 'no single-network file for an ensemble');
    const classifier = loadClassifier(join(ensemble, 'classifier.tgc'));
    assert.ok(classifier.contents.model instanceof Ensemble);
    assert.is((classifier.contents.model as Ensemble).members.length, 5);

    const controller = new AbortController();
    const first = await runExperiment(settings, broken, {
      cacheDir: null,
      workers: 0,
      signal: controller.signal,
      onEpoch: (_, log) => {
        if (existsSync(join(broken, 'run-0-member-2.json')) && log.epoch === 0) controller.abort();
      },
    });
    assert.not.ok(first.complete);
    assert.is(loadModel(join(broken, 'run-0-member-2.ckpt')).epoch, 1);
    assert.not.ok(existsSync(join(broken, 'run-0-member-3.json')));
    const resumed = await runExperiment(settings, broken, { cacheDir: null, workers: 0 }, true);
    assert.ok(resumed.complete);
    assert.equal(read(broken, 'run-0.json').testPredictions, record.testPredictions, 'the resumed ensemble predicts as the uninterrupted one');
    for (const m of [0, 1, 2, 3, 4]) {
      assert.equal(loadModel(join(broken, `run-0-member-${m}.ckpt`)).getWeights(), loadModel(join(ensemble, `run-0-member-${m}.ckpt`)).getWeights(), `member ${m} weights`);
    }
  } finally {
    for (const dir of [single, ensemble, broken]) rmSync(dir, { recursive: true, force: true });
  }
});

test('real GTZAN clips with a corrupt file: the clip is skipped and reported, the run goes on', async () => {
  const genres = sharedGtzan('genres');
  if (genres === null) return;
  const root = temp();
  try {
    for (const genre of readdirSync(genres, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
      mkdirSync(join(root, genre));
      for (const file of readdirSync(join(genres, genre)).filter((f) => f.endsWith('.wav'))) copyFileSync(join(genres, genre, file), join(root, genre, file));
    }
    writeFileSync(join(root, 'jazz', 'jazz.00054.wav'), Buffer.from('RIFF\x10\x00\x00\x00WAVEgarbage', 'latin1'));
    const out = join(root, 'out');
    const outcome = await runExperiment({ ...tiny, data: root, synthetic: undefined, runs: 1, epochs: 1, fractions: { train: 0.6, valid: 0.1, test: 0.3 } }, out, {
      cacheDir: null,
    });
    const results = summarize(outcome);
    assert.is(results.skipped.length, 1);
    assert.match(results.skipped[0].file, /jazz\.00054\.wav/);
    assert.is(results.data.clips.train.length + results.data.clips.valid.length + results.data.clips.test.length, 30);
    assert.ok(results.data.timesteps >= 1292, `whole clips: ${results.data.timesteps} frames`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();

/**
 * The segment protocol (`segmentData`) inside `runExperiment`: segment training with voting,
 * augmentation and mixup keeps the experiment's guarantees — the same seed repeats bit for bit, and
 * a run interrupted mid-way and resumed ends with the uninterrupted weights (the augmentation and
 * mixup draws come from the checkpointed Rng; BatchNormalization's moving statistics are in the
 * checkpoint) — and reports clip-level results. The whole-clip protocol scores an ensemble on its
 * averaged probabilities.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Tensor } from '../../../src/autograd/index.js';
import { runExperiment, summarize, type ExperimentSettings } from '../../../src/gtzan/index.js';
import { loadModel } from '../../../src/gtzan/files.js';
import { loadCorpus } from '../../../src/gtzan/data/load.js';
import { buildTensors } from '../../../src/gtzan/data/tensors.js';
import { wholeClipData } from '../../../src/gtzan/train/protocols.js';
import { Ensemble, paperCnn } from '../../../src/nn/index.js';
import { expectClose } from '../../util/close.js';

const test = suite('gtzan/train/protocols');

const tiny: ExperimentSettings = {
  model: 'cnn-seg-aug',
  data: 'synthetic',
  synthetic: { clipsPerClass: 3, seconds: 1 },
  split: 'random',
  fractions: { train: 0.34, valid: 0.33, test: 0.33 },
  seed: 5,
  runs: 2,
  epochs: 3,
  batchSize: 16,
  groups: ['mfcc', 'rms'],
  backend: 'reference',
};
const temp = () => mkdtempSync(join(tmpdir(), 'tunegrad-segments-'));
const hooks = { cacheDir: null, workers: 0 };

for (const model of ['crnn-seg-mix', 'stats-seg-aug']) {
  test(`${model} interrupted in epoch 2 resumes to the uninterrupted weights (all of them, moving statistics too) and history`, async () => {
    const [whole, broken] = [temp(), temp()];
    try {
      const settings = { ...tiny, model, runs: 1, epochs: 4 };
      await runExperiment(settings, whole, hooks);
      const controller = new AbortController();
      const first = await runExperiment(settings, broken, {
        ...hooks,
        signal: controller.signal,
        onBatch: (_run, epoch, batch) => {
          if (epoch === 1 && batch === 0) controller.abort();
        },
      });
      assert.not.ok(first.complete);
      assert.is(loadModel(join(broken, 'run-0.ckpt')).epoch, 1, 'the checkpoint is the one after epoch 1');
      const resumed = await runExperiment(settings, broken, hooks, true);
      assert.ok(resumed.complete);
      const expected = loadModel(join(whole, 'run-0.ckpt'));
      const actual = loadModel(join(broken, 'run-0.ckpt'));
      assert.is(actual.epoch, 4);
      assert.equal(actual.getWeights(), expected.getWeights());
      assert.equal(actual.rng.state(), expected.rng.state());
      const losses = (dir: string) => JSON.parse(readFileSync(join(dir, 'run-0.json'), 'utf8')).history.map((e: { loss: number; valLoss: number }) => [e.loss, e.valLoss]);
      assert.equal(losses(broken), losses(whole));
    } finally {
      rmSync(whole, { recursive: true, force: true });
      rmSync(broken, { recursive: true, force: true });
    }
  });
}

test('segment models report per-clip results and their resolved segments; the same seed repeats bit for bit', async () => {
  const [a, b] = [temp(), temp()];
  try {
    const first = summarize(await runExperiment(tiny, a, hooks));
    const second = summarize(await runExperiment(tiny, b, hooks));
    assert.equal(first.segments, { frames: 14, hop: 7, augment: { randomOffsets: true, maxShiftFrames: 4, maxGainDb: 10 }, mixupAlpha: 0 });
    const total = first.confusionMatrix.flat().reduce((s, v) => s + v, 0);
    assert.is(total, 2 * first.data.clips.test.length, 'one prediction per test clip and run');
    assert.equal(
      first.runs.map((r) => [r.testAccuracy, r.history.map((e) => [e.loss, e.valAccuracy])]),
      second.runs.map((r) => [r.testAccuracy, r.history.map((e) => [e.loss, e.valAccuracy])]),
    );
    assert.equal(loadModel(join(a, 'run-1.ckpt')).getWeights(), loadModel(join(b, 'run-1.ckpt')).getWeights());
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});

test('an explicit segment length and hop are used as given', async () => {
  const out = temp();
  try {
    const outcome = await runExperiment({ ...tiny, model: 'cnn-seg', runs: 1, epochs: 1, segmentFrames: 30, segmentHop: 5 }, out, hooks);
    assert.equal(outcome.segments, { frames: 30, hop: 5, augment: { randomOffsets: false, maxShiftFrames: 0, maxGainDb: 0 }, mixupAlpha: 0 });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('whole clips: an ensemble is scored on the mean of its members\' probabilities, one network as Keras evaluates it', async () => {
  const corpus = await loadCorpus({ data: 'synthetic', synthetic: { clipsPerClass: 3, seconds: 0.5 }, fractions: { train: 0.34, valid: 0.33, test: 0.33 }, cacheDir: null, workers: 0 });
  const tensors = buildTensors(corpus, { groups: ['mfcc', 'rms'] });
  const data = wholeClipData(tensors, 4);
  const members = [1, 2, 3].map((seed) => paperCnn(tensors.nFeatures, { nClasses: corpus.labels.length, seed }));
  const ensemble = new Ensemble(members);
  const nClasses = corpus.labels.length;
  const x = (part: 'valid' | 'test') => new Tensor(tensors[part].x, [tensors[part].n, tensors.timesteps, tensors.nFeatures]);
  /** Accuracy and mean −ln of the members' mean probability of the true label, by the definition. */
  const expected = (part: 'valid' | 'test') => {
    const each = members.map((m) => m.predict(x(part), { batchSize: 4 }).data);
    const y = tensors[part].y;
    let correct = 0;
    let loss = 0;
    for (let c = 0; c < y.length; c++) {
      const mean = Array.from({ length: nClasses }, (_, k) => each.reduce((sum, p) => sum + p[c * nClasses + k], 0) / each.length);
      if (mean.indexOf(Math.max(...mean)) === y[c]) correct++;
      loss -= Math.log(Math.max(1e-7, mean[y[c]]));
    }
    return [correct / y.length, loss / y.length];
  };
  const test = data.test(ensemble);
  assert.is(test.accuracy, expected('test')[0]);
  expectClose('ensemble test loss', [test.loss], [expected('test')[1]], { atol: 0, rtol: 1e-6 });
  const valid = data.validate!(ensemble);
  assert.is(valid.accuracy, expected('valid')[0]);
  expectClose('ensemble validation loss', [valid.loss], [expected('valid')[1]], { atol: 0, rtol: 1e-6 });
  const single = data.test(members[0]);
  const keras = members[0].evaluate(x('test'), Array.from(tensors.test.y), { batchSize: 4 });
  assert.equal([single.accuracy, single.loss], [keras.accuracy, keras.loss]);
});

test.run();

/**
 * The segment protocol (`segmentData`) inside `runExperiment`: segment training with voting,
 * augmentation and mixup keeps the experiment's guarantees — the same seed repeats bit for bit, and
 * a run interrupted mid-way and resumed ends with the uninterrupted weights (the augmentation and
 * mixup draws come from the checkpointed Rng; BatchNormalization's moving statistics are in the
 * checkpoint) — and reports clip-level results.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runExperiment, summarize, type ExperimentSettings } from '../../../src/gtzan/index.js';
import { loadModel } from '../../../src/gtzan/files.js';

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

test.run();

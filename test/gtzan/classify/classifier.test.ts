/**
 * The classifier gives training's answer: for every test clip of a tiny synthetic experiment (a
 * whole-clip model, a segment model and an ensemble of segment models), `classify` returns the
 * probabilities behind the run's test accuracy. Also: long audio is classified in clip-long windows whose mean is the answer, other
 * sample rates are resampled, and audio too short to classify is refused.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { resample } from '../../../src/dsp/index.js';
import { loadClassifier } from '../../../src/gtzan/classify/load-classifier.js';
import { runExperiment, syntheticCorpus, type ExperimentSettings, type RunRecord } from '../../../src/gtzan/index.js';
import { expectClose } from '../../util/close.js';
import { toyClassifier } from '../../util/classifier.js';
import { nodeImports } from '../../util/imports.js';

const test = suite('gtzan classify classifier');

const tiny = (model: string): ExperimentSettings => ({
  model,
  data: 'synthetic',
  synthetic: { clipsPerClass: 4, seconds: 1.5 },
  split: 'random',
  fractions: { train: 0.5, valid: 0.25, test: 0.25 },
  seed: 3,
  runs: 1,
  epochs: 2,
  batchSize: 8,
  groups: ['mfcc', 'centroid', 'chroma', 'contrast'],
  backend: 'reference',
});

for (const model of ['cnn', 'stats-seg-aug', 'stats-mel-seg-aug-ens5']) {
  test(`${model}: classify gives the test probabilities of training for every test clip`, async () => {
    const out = mkdtempSync(join(tmpdir(), 'tunegrad-classify-'));
    try {
      const settings = tiny(model);
      await runExperiment(settings, out, { cacheDir: null, workers: 0 });
      const record = JSON.parse(readFileSync(join(out, 'run-0.json'), 'utf8')) as RunRecord;
      const classifier = loadClassifier(join(out, 'classifier.tgc'));
      assert.is(classifier.contents.protocol.kind, model === 'cnn' ? 'whole-clip' : 'segments');
      assert.is(classifier.contents.provenance.testAccuracy, record.testAccuracy ?? null);
      const clips = new Map(syntheticCorpus(settings.synthetic).clips.map((c) => [c.name, c]));
      assert.ok(record.testPredictions !== undefined && record.testPredictions.length > 0);
      for (const { clip, probabilities } of record.testPredictions!) {
        const { samples, sampleRate } = clips.get(clip)!;
        const result = classifier.classify(samples, sampleRate);
        assert.is(result.windows, 1);
        expectClose(`${model} ${clip}`, result.byLabel, probabilities, { atol: 1e-7, rtol: 0 });
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
}

test('long audio: clip-long windows, the answer is their mean, the timeline covers the audio', () => {
  const classifier = toyClassifier({ kind: 'segments', frames: 20, hop: 10, vote: 'mean-probability' }, { clipFrames: 50 });
  const clip = syntheticCorpus({ clipsPerClass: 1, seconds: 4 }).clips[3].samples;
  const windowSamples = 49 * 512 + 1;
  const result = classifier.classify(clip, 22050, { timeline: true });
  const nFrames = 1 + Math.floor(clip.length / 512);
  const starts = [0, 50, 100].filter((s) => s + 50 <= nFrames).concat(nFrames - 50 > 100 ? [nFrames - 50] : []);
  assert.is(result.windows, starts.length);
  const mean = new Float64Array(3);
  for (const s of starts) {
    const one = classifier.classify(clip.subarray(s * 512, s * 512 + windowSamples), 22050);
    one.byLabel.forEach((p, k) => (mean[k] += p / starts.length));
  }
  expectClose('mean of the windows', result.byLabel, mean, { atol: 1e-12, rtol: 0 });
  assert.ok(result.timeline!.length > starts.length, 'segments of every window');
  assert.is(result.timeline![0].start, 0);
  assert.ok(Math.abs(result.timeline!.at(-1)!.end - (nFrames - 1) * 512 / 22050) < 1e-9, 'the last segment ends at the last frame');
  assert.equal(result.probabilities.map((p) => p.probability), [...result.byLabel].sort((a, b) => b - a));
});

test('other sample rates are resampled to 22050 Hz first; too-short audio is refused', () => {
  const classifier = toyClassifier({ kind: 'whole-clip', timesteps: 60 });
  const clip = syntheticCorpus({ clipsPerClass: 1, seconds: 2, sampleRate: 44100 }).clips[1].samples;
  expectClose('44.1 kHz', classifier.classify(clip, 44100).byLabel, classifier.classify(resample(clip, 44100, 22050), 22050).byLabel, { atol: 0, rtol: 0 });
  assert.throws(() => classifier.classify(new Float32Array(2000), 22050), /too short to classify: 0.091 s, the minimum is 0.23 s/);
  const loud = new Float32Array(22050).fill(1e30);
  assert.throws(() => classifier.classify(loud, 22050), /cannot classify: non-finite feature/);
});

test('long audio at another rate: windows resampled alone give what resampling it whole gives', () => {
  const classifier = toyClassifier({ kind: 'segments', frames: 20, hop: 10, vote: 'mean-probability' }, { clipFrames: 50 });
  for (const sampleRate of [44100, 48000]) {
    const clip = syntheticCorpus({ clipsPerClass: 1, seconds: 5, sampleRate }).clips[6].samples;
    const windowed = classifier.classify(clip, sampleRate, { timeline: true });
    const whole = classifier.classify(resample(clip, sampleRate, 22050), 22050, { timeline: true });
    assert.ok(windowed.windows > 3);
    assert.is(windowed.windows, whole.windows);
    expectClose(`${sampleRate} Hz`, windowed.byLabel, whole.byLabel, { atol: 1e-5, rtol: 0 });
    expectClose(`${sampleRate} Hz segments`, windowed.timeline!.flatMap((e) => e.probabilities), whole.timeline!.flatMap((e) => e.probabilities), { atol: 1e-5, rtol: 0 });
  }
});

test('the classifier and its file import no node: module, so they run in a browser worker', () => {
  for (const file of ['src/gtzan/classify/classifier.ts', 'src/gtzan/classify/classifier-file.ts', 'src/dsp/decode.ts']) assert.equal(nodeImports(file), [], file);
  assert.ok(nodeImports('src/gtzan/classify/load-classifier.ts').some((line) => line.startsWith('node:fs')), 'the check sees node: imports');
});

test.run();

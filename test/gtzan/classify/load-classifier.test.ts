/** Classifiers from files: the shipped default loads and classifies a file as `classify` does; unreadable files are one-line errors naming them. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readAudioFile } from '../../../src/dsp/index.js';
import { ClassifyError, DEFAULT_CLASSIFIER, loadClassifier } from '../../../src/gtzan/classify/load-classifier.js';
import { GTZAN_GENRES } from '../../../src/gtzan/index.js';
import { toneWav } from '../../util/wav.js';

const test = suite('gtzan classify load-classifier');

test('the shipped default classifier knows the ten GTZAN genres and classifies a file like its samples', () => {
  const classifier = loadClassifier();
  assert.is(classifier.path, DEFAULT_CLASSIFIER);
  assert.equal([...classifier.labels].sort(), [...GTZAN_GENRES].sort());
  const dir = mkdtempSync(join(tmpdir(), 'tunegrad-load-'));
  try {
    const file = join(dir, 'tone.wav');
    writeFileSync(file, toneWav(3, 220, 44100));
    const fromFile = classifier.classifyFile(file);
    const audio = readAudioFile(file);
    assert.equal(fromFile.byLabel, classifier.classify(audio.samples, audio.sampleRate).byLabel);
    assert.is(fromFile.file, file);
    writeFileSync(join(dir, 'bad.wav'), 'RIFF');
    assert.throws(() => classifier.classifyFile(join(dir, 'bad.wav')), (err: Error) => err instanceof ClassifyError && err.message.startsWith(join(dir, 'bad.wav')));
    writeFileSync(join(dir, 'bad.tgc'), new Uint8Array(100));
    assert.throws(() => loadClassifier(join(dir, 'bad.tgc')), (err: Error) => err instanceof ClassifyError && /bad\.tgc: not a tunegrad tensor file/.test(err.message));
    assert.throws(() => loadClassifier(join(dir, 'none.tgc')), /none\.tgc: no such file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();

/**
 * bench/predict.js end to end: the shipped default classifier answers on a fresh build; text,
 * --json and --segments output; a bad file is named on stderr while the others go on (exit 1);
 * and the same answer as training — the probabilities predict.js prints for a test clip are the
 * ones behind run-0.json's test accuracy, for a whole-clip and a segment model trained by train.js.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { syntheticCorpus, type RunRecord } from '../../src/gtzan/index.js';
import { expectClose } from '../util/close.js';
import { projectRoot } from '../util/skip.js';
import { floatWav, toneWav } from '../util/wav.js';

const test = suite('bench predict');
const run = (script: string, ...args: string[]) => spawnSync(process.execPath, [`bench/${script}.js`, ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, GTZAN_DIR: join(tmpdir(), 'no-gtzan-here') } });
const predict = (...args: string[]) => run('predict', ...args);

let dir = '';
test.before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tunegrad-predict-'));
  writeFileSync(join(dir, 'tone.wav'), toneWav(4, 330));
  writeFileSync(join(dir, 'broken.wav'), new TextEncoder().encode('RIFF\x10\x00\x00\x00WAVEfmt '));
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('--help explains the command with examples', () => {
  const r = predict('--help');
  assert.is(r.status, 0);
  assert.match(r.stdout, /Usage: node bench\/predict.js \[--model FILE\] AUDIO_OR_DIR\.\.\./);
  assert.match(r.stdout, /Examples:/);
  assert.is(predict().status, 2, 'no file named');
});

test('the default classifier answers: the top genres with probabilities', () => {
  const r = predict(join(dir, 'tone.wav'), '--top', '2');
  assert.is(r.status, 0, r.stderr);
  const trainDefault = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).scripts['train-default'] as string;
  const model = /node bench\/train\.js (\S+) /.exec(trainDefault)?.[1];
  assert.ok(model !== undefined, 'npm run train-default names the model it trains');
  assert.ok(r.stdout.includes(`models/default.tgc: ${model}, 10 genres, test accuracy `), `the shipped classifier is the ${model} that npm run train-default trains:\n${r.stdout}`);
  assert.match(r.stdout, /classifier .*models\/default\.tgc: \S+, 10 genres, test accuracy \d+\.\d% \(blocks split/);
  assert.match(r.stdout, /tone\.wav {2}\(4\.0 s audio, \d+\.\d\d s\): [a-z]+ \d+\.\d%, [a-z]+ \d+\.\d%\n/);
});

test('a bad file and a missing path are named on stderr, the others go on, exit code 1', () => {
  const r = predict(join(dir, 'broken.wav'), join(dir, 'tone.wav'), join(dir, 'absent.wav'), '--json');
  assert.is(r.status, 1);
  const errors = r.stderr.trim().split('\n');
  assert.is(errors.length, 2, r.stderr);
  assert.match(r.stderr, /predict: .*absent\.wav: no such file or folder/);
  assert.match(r.stderr, /predict: .*broken\.wav: /);
  assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.is(lines.length, 1);
  assert.match(lines[0].file, /tone\.wav$/);
  assert.is(lines[0].top.length, 3);
  const total = Object.values(lines[0].probabilities as Record<string, number>).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(total - 1) < 1e-5, `probabilities sum to ${total}`);
});

test('--segments prints the genre over time and writes an SVG; folders are walked', () => {
  const out = join(dir, 'svg');
  const r = predict(dir, '--segments', '--out', out);
  assert.is(r.status, 1, 'broken.wav in the folder fails');
  assert.match(r.stdout, /\n {2}0:00\.0–0:0\d\.\d {2}[a-z]+ +\d+\.\d%\n/);
  assert.ok(existsSync(join(out, 'tone.wav.genres.svg')));
  assert.match(readFileSync(join(out, 'tone.wav.genres.svg'), 'utf8'), /^<svg [^>]*>\n<title>tone\.wav: /);
  assert.match(r.stdout, /1 of 2 files classified/);
});

for (const model of ['cnn', 'stats-seg']) {
  test(`${model}: predict.js gives the test probabilities behind run-0.json`, () => {
    const data = join(dir, `data-${model}`);
    const corpus = syntheticCorpus({ clipsPerClass: 4, seconds: 1.5 });
    for (const clip of corpus.clips) {
      mkdirSync(join(data, clip.label), { recursive: true });
      writeFileSync(join(data, clip.label, `${clip.name}.wav`), floatWav(clip.samples));
    }
    const out = join(dir, `run-${model}`);
    const trained = run('train', model, '--data', data, '--runs', '1', '--epochs', '2', '--batch', '8', '--fractions', '0.5,0.25,0.25', '--no-cache', '--backend', 'reference', '--out', out);
    assert.is(trained.status, 0, trained.stderr);
    const record = JSON.parse(readFileSync(join(out, 'run-0.json'), 'utf8')) as RunRecord;
    const tests = record.testPredictions!;
    const files = tests.map(({ clip }) => join(data, clip.split('.')[0], `${clip}.wav`));
    const r = predict('--model', join(out, 'classifier.tgc'), '--json', ...files);
    assert.is(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const labels = corpus.labels;
    tests.forEach(({ clip, probabilities }, i) => expectClose(clip, labels.map((label) => lines[i].probabilities[label]), probabilities, { atol: 1e-7, rtol: 0 }));
  });
}

test.run();

/**
 * The classifier file: an exact round trip, Python's safetensors reading its tensors, and a
 * damaged-file corpus (every truncation, bit flips across the file, re-signed header edits) in
 * which every case fails with one line and none loads.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeClassifier, encodeClassifier } from '../../../src/gtzan/classify/classifier-file.js';
import type { InputProtocol } from '../../../src/gtzan/classify/classifier.js';
import { encodeModel } from '../../../src/nn/index.js';
import { predictorWeights, singleNetwork, toyClassifier } from '../../util/classifier.js';
import { pythonWith } from '../../util/python.js';
import { editHeader, refusal } from '../../util/tensor-file.js';

const test = suite('gtzan classify classifier-file');

const segments: InputProtocol = { kind: 'segments', frames: 20, hop: 10, vote: 'mean-probability' };
const segmentToy = () => toyClassifier(segments);

const refused = (bytes: Uint8Array, label: string) => refusal(decodeClassifier, bytes, label);

test('round-trips labels, groups, standardiser, protocol, provenance and weights exactly (one network or an ensemble)', () => {
  for (const original of [segmentToy(), toyClassifier({ kind: 'whole-clip', timesteps: 40 }), toyClassifier(segments, { members: 3 })]) {
    const loaded = decodeClassifier(encodeClassifier(original.contents));
    const { model, ...rest } = loaded.contents;
    const { model: originalModel, ...originalRest } = original.contents;
    assert.equal(rest, originalRest);
    assert.is(model.constructor, originalModel.constructor);
    assert.equal(model.getConfig(), originalModel.getConfig());
    assert.equal(predictorWeights(model), predictorWeights(originalModel));
  }
});

test('an ensemble file: members counted in the metadata, weights under model/<m>/; a wrong count is refused', () => {
  const good = encodeClassifier(toyClassifier(segments, { members: 3 }).contents);
  const header = new TextDecoder().decode(good.subarray(8, 8 + Number(new DataView(good.buffer, good.byteOffset).getBigUint64(0, true))));
  assert.match(header, /"members":"3"/);
  assert.match(header, /"model\/2\/dense\/kernel"/);
  assert.not.match(header, /"model\/dense\/kernel"/);
  const edits: [string, string, RegExp][] = [
    ['"members":"3"', '"members":"1"', /metadata "members" is "1", not a count of networks from 2 to 1000/],
    ['"members":"3"', '"members":"3e9"', /metadata "members" is "3e9", not a count/],
    ['"members":"3"', '"members":"2"', /tensor 'model\/2\/.*' belongs to nothing in the classifier/],
    ['"members":"3"', '"members":"4"', /tensor 'model\/3\/.*' is missing from the file/],
    ['"members":"3"', '"memberz":"3"', /tensor 'model\/dense\/.*' is missing from the file/],
  ];
  for (const [from, to, why] of edits) assert.match(refused(editHeader(good, from, to), `${from} -> ${to}`), why);
});

test('damaged-file corpus: truncations, bit flips and re-signed edits all fail clearly', () => {
  const good = encodeClassifier(segmentToy().contents);
  for (let n = 0; n < good.length; n += 7) refused(good.subarray(0, n), `truncated to ${n} bytes`);
  for (let i = 0; i < good.length; i += 5) {
    const bad = good.slice();
    bad[i] ^= 1 << i % 8;
    refused(bad, `bit ${i % 8} of byte ${i} flipped`);
  }
  const edits: [string, string, RegExp][] = [
    ['\\"labels\\":[\\"a\\",\\"b\\",\\"c\\"]', '\\"labels\\":[\\"a\\",\\"b\\"]', /the model has 3 outputs for 2 labels/],
    ['\\"labels\\":[\\"a\\",\\"b\\",\\"c\\"]', '\\"labels\\":[\\"a\\",\\"a\\",\\"c\\"]', /labels .* are not two or more distinct names/],
    ['\\"groups\\":[\\"mfcc\\",\\"centroid\\"]', '\\"groups\\":[\\"mfcc\\",\\"beats\\"]', /groups .* are not feature groups of this build/],
    ['\\"nFft\\":2048', '\\"nFft\\":1024', /dsp settings .* differ from the ones this build computes/],
    ['\\"kind\\":\\"segments\\"', '\\"kind\\":\\"frames\\"', /protocol kind "frames" is not "whole-clip" or "segments"/],
    ['\\"frames\\":20', '\\"frames\\":0', /segment protocol .* needs positive frames and hop/],
    ['\\"clipFrames\\":130', '\\"clipFrames\\":\\"130\\"', /clipFrames "130" is not a positive integer/],
    ['"format":"tunegrad.classifier"', '"format":"tunegrad.thing"', /holds a tunegrad.thing, not a classifier/],
    ['"standardizer/std":{"dtype":"F64"', '"standardizer/sd":{"dtype":"F64"', /tensor 'standardizer\/std' must be float64\[21\]/],
  ];
  for (const [from, to, why] of edits) assert.match(refused(editHeader(good, from, to), `${from} -> ${to}`), why);
});

test('a model file is refused with what to use instead', () => {
  const why = refused(encodeModel(singleNetwork(segmentToy().contents.model)), 'a model file');
  assert.match(why, /holds a tunegrad.model, not a classifier .*writes classifier.tgc beside it/);
});

test("Python's safetensors reads the standardiser and the weights", () => {
  const python = pythonWith(['safetensors', 'numpy'], "reading a classifier file with Python's safetensors");
  if (python === null) return;
  const classifier = segmentToy();
  const dir = mkdtempSync(join(tmpdir(), 'tunegrad-classifier-'));
  try {
    const path = join(dir, 'toy.tgc');
    writeFileSync(path, encodeClassifier(classifier.contents));
    const script = [
      'import json, sys',
      'from safetensors import safe_open',
      "with safe_open(sys.argv[1], 'np') as f:",
      "    meta = f.metadata()",
      "    print(json.dumps({'keys': sorted(f.keys()), 'mean': f.get_tensor('standardizer/mean').tolist(), 'labels': json.loads(meta['classifier'])['labels'], 'format': meta['format']}))",
    ].join('\n');
    const run = spawnSync(python, ['-c', script, path], { encoding: 'utf8' });
    assert.is(run.status, 0, run.stderr);
    const read = JSON.parse(run.stdout);
    assert.is(read.format, 'tunegrad.classifier');
    assert.equal(read.labels, ['a', 'b', 'c']);
    assert.equal(read.mean, Array.from(classifier.contents.standardizer.mean));
    assert.ok(read.keys.includes('model/dense/kernel'), read.keys.join(', '));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();

/** The one writer of the pipeline's files: atomic writes (no temporary file left, an old file replaced whole) and model files read back. */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadModel, readJson, removeStaleTemporaries, saveModel, writeFileAtomic, writeJsonAtomic } from '../../src/gtzan/files.js';
import { Adam, paperLstm } from '../../src/nn/index.js';

const test = suite('gtzan files');

test('saveModel writes atomically (no temporary file left, an old file replaced whole) and loadModel reads it back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tunegrad-nn-'));
  try {
    const path = join(dir, 'model.tg');
    writeFileSync(path, 'an older, different file');
    const model = paperLstm(12, { seed: 2 });
    model.optimizer = new Adam({ learningRate: 3e-4, clipNorm: 1 });
    saveModel(path, model, { trainingState: true });
    assert.equal(readdirSync(dir), ['model.tg']);
    const loaded = loadModel(path);
    assert.equal(loaded.getWeights(), model.getWeights());
    assert.equal(loaded.optimizer.config, { learningRate: 3e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, clipNorm: 1 });
    assert.throws(() => saveModel(join(dir, 'missing', 'model.tg'), model), /ENOENT/);
    assert.equal(readdirSync(dir), ['model.tg']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('JSON and text: one-space JSON with a final newline read back by readJson, UTF-8 text, an old file replaced whole', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tunegrad-files-'));
  try {
    const json = join(dir, 'settings.json');
    writeFileSync(json, 'x'.repeat(1000));
    writeJsonAtomic(json, { model: 'cnn', groups: ['mfcc', 'rms'] });
    assert.is(readFileSync(json, 'utf8'), '{\n "model": "cnn",\n "groups": [\n  "mfcc",\n  "rms"\n ]\n}\n');
    assert.equal(readJson(json), { model: 'cnn', groups: ['mfcc', 'rms'] });
    writeFileAtomic(join(dir, 'table.md'), '| α ± σ |\n');
    assert.is(readFileSync(join(dir, 'table.md'), 'utf8'), '| α ± σ |\n');
    assert.equal(readdirSync(dir).sort(), ['settings.json', 'table.md']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('temporary files a killed write left behind are removed, nothing else; a damaged model file names its path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tunegrad-files-'));
  try {
    const keep = ['run-0.ckpt', '.hidden', 'notes.tmp', '.run-0.ckpt.12.tmp'];
    const stale = ['.run-0.ckpt.4242-0-0a1b2c3d.tmp', '.settings.json.17-3-ffffffff.tmp'];
    for (const name of [...keep, ...stale]) writeFileSync(join(dir, name), 'x');
    assert.equal(removeStaleTemporaries(dir).sort(), [...stale].sort());
    assert.equal(readdirSync(dir).sort(), [...keep].sort());
    assert.throws(() => loadModel(join(dir, 'run-0.ckpt')), (err: Error) => err.message.startsWith(`${join(dir, 'run-0.ckpt')}: truncated file`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();

/** The audio files of a command line: files as given, folders walked in order, problems listed. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { audioFiles } from '../../../src/gtzan/classify/audio-files.js';

const test = suite('gtzan classify audio-files');

test('walks folders recursively in sorted order, keeps named files, reports missing paths and empty folders', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tunegrad-files-'));
  try {
    mkdirSync(join(dir, 'b', 'deep'), { recursive: true });
    mkdirSync(join(dir, 'empty'));
    for (const f of ['b/deep/z.AIFF', 'b/a.wav', 'a.au', '.hidden.wav', 'notes.txt']) writeFileSync(join(dir, f), '');
    const named = join(dir, 'notes.txt');
    const { files, problems } = audioFiles([dir, named, join(dir, 'missing.wav'), join(dir, 'empty')]);
    assert.equal(files, [join(dir, 'a.au'), join(dir, 'b', 'a.wav'), join(dir, 'b', 'deep', 'z.AIFF'), named]);
    assert.equal(problems, [`${join(dir, 'missing.wav')}: no such file or folder`, `${join(dir, 'empty')}: no audio files (.wav, .wave, .au, .snd, .aif, .aiff, .aifc) in this folder`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();

/** Splits given as list files: matching by <label>/<file>, missing and unlisted entries, conflicts, and the shared fault-filtered lists. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { findClips } from '../../../src/gtzan/data/dataset.js';
import { findSplitLists, splitFromLists } from '../../../src/gtzan/data/split-lists.js';
import { sharedGtzan } from '../../util/skip.js';
import { tempDir, writeFile } from '../../util/files.js';

const test = suite('gtzan/data/split-lists');

test('splitFromLists: matches <label>/<file> ignoring the extension, reports missing and unlisted, rejects conflicts', () => {
  const { dir, cleanup } = tempDir();
  try {
    for (const name of ['pop/pop.00001.wav', 'pop/pop.00002.au', 'pop/pop.00003.wav', 'rock/rock.00001.wav', 'rock/rock.00002.wav']) writeFile(dir, `data/${name}`);
    writeFile(dir, 'lists/train_x.txt', 'pop/pop.00001.wav\ngenres/rock/rock.00001.wav\n\npop/pop.00001.wav\n');
    writeFile(dir, 'lists/valid_x.txt', 'pop/pop.00002.wav\n');
    writeFile(dir, 'lists/test_x.txt', 'rock/rock.00002.wav\nrock/rock.00077.wav\n');
    writeFile(dir, 'lists/README.md', 'not a list');
    const clips = findClips(join(dir, 'data')).clips;
    const split = splitFromLists(clips, join(dir, 'lists'));
    assert.equal(split.train.map((c) => c.name), ['pop.00001', 'rock.00001']);
    assert.equal(split.valid.map((c) => c.name), ['pop.00002']);
    assert.equal(split.test.map((c) => c.name), ['rock.00002']);
    assert.equal(split.missing.map((m) => [m.part, m.entry]), [['test', 'rock/rock.00077.wav']]);
    assert.ok(split.missing[0].list.endsWith('test_x.txt'));
    assert.equal(split.unlisted.map((c) => c.name), ['pop.00003']);

    writeFile(dir, 'lists/valid_x.txt', 'pop/pop.00002.wav\nrock/rock.00002.wav\n');
    assert.throws(() => splitFromLists(clips, join(dir, 'lists')), (err: Error) => err.message.includes('rock/rock.00002') && err.message.includes('valid_x.txt') && err.message.includes('test_x.txt'));

    writeFile(dir, 'only/train.txt', 'pop/pop.00001.wav\n');
    assert.throws(() => findSplitLists(join(dir, 'only')), (err: Error) => err.message.includes(join(dir, 'only')) && err.message.includes('test*.txt'));
  } finally {
    cleanup();
  }
});

test('the shared fault-filtered lists against the shared excerpts: every match in its list, the rest reported', () => {
  const excerpts = sharedGtzan('excerpts');
  const lists = sharedGtzan('splits/filtered');
  if (!excerpts || !lists) return;
  const clips = findClips(excerpts).clips;
  const split = splitFromLists(clips, lists);
  const files = findSplitLists(lists);
  const lines = (p: string) => readFileSync(p, 'utf8').split('\n').filter((l) => l.trim().length > 0);
  for (const part of ['train', 'valid', 'test'] as const) {
    const listed = new Set(lines(files[part]!));
    assert.ok(split[part].length > 0, part);
    assert.ok(split[part].every((c) => listed.has(`${c.label}/${c.name}.wav`)), part);
    assert.is(split[part].length + split.missing.filter((m) => m.part === part).length, listed.size, part);
  }
  assert.is(split.train.length + split.valid.length + split.test.length + split.unlisted.length, 400);
});

test.run();

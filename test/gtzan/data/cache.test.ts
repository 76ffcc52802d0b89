/** The feature cache: keys, exact round trips, atomic writes, damaged entries reported with their reason and repaired, cache folders that cannot be used. */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cacheFolderProblem, cacheKey, cachePath, decodeCacheEntry, encodeCacheEntry, readCacheEntry, writeCacheEntry, type CacheEntry } from '../../../src/gtzan/data/cache.js';
import { tempDir } from '../../util/files.js';

const test = suite('gtzan/data/cache');

interface Meta {
  names: string[];
}

function entry(): CacheEntry<Meta> {
  const data = new Float32Array(5 * 3).map((_, i) => Math.sin(i) * 1000 + 1e-7 * i);
  data[4] = -0;
  data[7] = 3.4e38;
  return { rows: 5, cols: 3, data, meta: { names: ['a', 'b', 'ç'] } };
}

test('keys depend on content and settings; paths are sharded by the key prefix', () => {
  const k = cacheKey('abc', { groups: ['mfcc'] });
  assert.match(k, /^[0-9a-f]{64}$/);
  assert.is.not(cacheKey('abd', { groups: ['mfcc'] }), k);
  assert.is.not(cacheKey('abc', { groups: ['mfcc', 'rms'] }), k);
  assert.is(cacheKey('abc', { groups: ['mfcc'] }), k);
  assert.ok(cachePath('/c', k).startsWith(`/c/${k.slice(0, 2)}/${k}`));
});

test('encode/decode round trip is exact, including -0 and large values', () => {
  const e = entry();
  const back = decodeCacheEntry<Meta>('k', encodeCacheEntry('k', e));
  assert.equal([back.rows, back.cols, back.meta], [5, 3, e.meta]);
  assert.equal(Array.from(back.data), Array.from(e.data));
  assert.ok(Object.is(back.data[4], -0));
});

test('write then read: hit; absent key: miss; no temporary files left behind', () => {
  const { dir, cleanup } = tempDir();
  try {
    const key = cacheKey('content', {});
    assert.equal(readCacheEntry(dir, key), { status: 'miss' });
    writeCacheEntry(dir, key, entry());
    const lookup = readCacheEntry<Meta>(dir, key);
    assert.is(lookup.status, 'hit');
    if (lookup.status === 'hit') assert.equal(Array.from(lookup.entry.data), Array.from(entry().data));
    assert.equal(readdirSync(dirname(cachePath(dir, key))), [`${key}.tgf`]);
    writeCacheEntry(dir, key, entry());
    assert.equal(readdirSync(dirname(cachePath(dir, key))), [`${key}.tgf`]);
  } finally {
    cleanup();
  }
});

test('damaged entries are reported corrupt, with the reason, never returned', () => {
  const { dir, cleanup } = tempDir();
  try {
    const key = cacheKey('content', {});
    writeCacheEntry(dir, key, entry());
    const path = cachePath(dir, key);
    const good = readFileSync(path);
    const damage = (bytes: Buffer) => writeFileSync(path, bytes);
    const reason = () => {
      const lookup = readCacheEntry(dir, key);
      assert.is(lookup.status, 'corrupt');
      return lookup.status === 'corrupt' ? lookup.reason : '';
    };

    const flipped = Buffer.from(good);
    flipped[flipped.length - 3] ^= 0x10;
    damage(flipped);
    assert.match(reason(), /checksum/);

    damage(good.subarray(0, good.length - 8));
    assert.match(reason(), /length/);

    damage(good.subarray(0, 30));
    assert.match(reason(), /truncated header/);

    const magic = Buffer.from(good);
    magic.write('XXXX', 0, 'latin1');
    damage(magic);
    assert.match(reason(), /magic/);

    const version = Buffer.from(good);
    version.writeUInt32LE(999, 4);
    damage(version);
    assert.match(reason(), /version 999/);

    const shape = Buffer.from(good);
    shape.writeUInt32LE(4, 8);
    damage(shape);
    assert.match(reason(), /length/);

    damage(good);
    const otherKey = cacheKey('other', {});
    mkdirSync(dirname(cachePath(dir, otherKey)), { recursive: true });
    copyFileSync(path, cachePath(dir, otherKey));
    const moved = readCacheEntry(dir, otherKey);
    assert.is(moved.status, 'corrupt');
    if (moved.status === 'corrupt') assert.match(moved.reason, /entry is for key/);

    writeCacheEntry(dir, key, entry());
    assert.is(readCacheEntry(dir, key).status, 'hit');
    assert.is(statSync(path).size, good.length);
  } finally {
    cleanup();
  }
});

test('a folder where an entry belongs, or a file where its shard folder belongs: corrupt with the reason, and the write repairs it', () => {
  const { dir, cleanup } = tempDir();
  try {
    const key = cacheKey('c'.repeat(64), {});
    const path = cachePath(dir, key);
    mkdirSync(join(path, 'inside'), { recursive: true });
    assert.equal(readCacheEntry(dir, key), { status: 'corrupt', reason: 'the entry is a folder' });
    writeCacheEntry(dir, key, entry());
    assert.is(readCacheEntry(dir, key).status, 'hit');
    rmSync(dirname(path), { recursive: true });
    writeFileSync(dirname(path), 'x');
    assert.equal(readCacheEntry(dir, key), { status: 'corrupt', reason: `its shard folder ${key.slice(0, 2)} is a file` });
    writeCacheEntry(dir, key, entry());
    assert.is(readCacheEntry(dir, key).status, 'hit');
  } finally {
    cleanup();
  }
});

test('cacheFolderProblem: null for a usable (or creatable) folder, else why not', () => {
  const { dir, cleanup } = tempDir();
  try {
    assert.is(cacheFolderProblem(join(dir, 'new', 'cache')), null);
    assert.ok(statSync(join(dir, 'new', 'cache')).isDirectory());
    const file = join(dir, 'file');
    writeFileSync(file, 'x');
    assert.is(cacheFolderProblem(file), 'is a file, not a folder');
    assert.is(cacheFolderProblem(join(file, 'below')), 'a part of its path is a file, not a folder');
  } finally {
    cleanup();
  }
});

test('shape and data disagreeing is refused at write time', () => {
  assert.throws(() => encodeCacheEntry('k', { rows: 2, cols: 2, data: new Float32Array(3), meta: {} }), /2×2/);
});

test.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../src/autograd/index.js';

const test = suite('Rng');

test('same seed, same stream; different seeds, different streams', () => {
  const a = new Rng(5);
  const b = new Rng(5);
  const c = new Rng(6);
  const sa = Array.from({ length: 8 }, () => a.nextUint32());
  assert.equal(sa, Array.from({ length: 8 }, () => b.nextUint32()));
  assert.not.equal(sa, Array.from({ length: 8 }, () => c.nextUint32()));
});

test('uniform values fill [0, 1) evenly and normals have mean 0, variance 1', () => {
  const rng = new Rng(1);
  const n = 200_000;
  const bins = new Array<number>(10).fill(0);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    assert.ok(u >= 0 && u < 1);
    bins[Math.floor(u * 10)]++;
    const z = rng.normal();
    sum += z;
    sumSq += z * z;
  }
  for (const count of bins) assert.ok(Math.abs(count - n / 10) < 0.02 * n, `bin count ${count}`);
  assert.ok(Math.abs(sum / n) < 0.01, `mean ${sum / n}`);
  assert.ok(Math.abs(sumSq / n - 1) < 0.02, `variance ${sumSq / n}`);
});

test('a generator restored from its state continues the same stream', () => {
  const rng = new Rng(9);
  rng.normal();
  const saved = rng.state();
  const expected = [rng.normal(), rng.next(), rng.int(100)];
  const restored = Rng.fromState(saved);
  assert.equal([restored.normal(), restored.next(), restored.int(100)], expected);
});

test('shuffle is a permutation', () => {
  const items = Array.from({ length: 50 }, (_, i) => i);
  const shuffled = new Rng(3).shuffle([...items]);
  assert.not.equal(shuffled, items);
  assert.equal([...shuffled].sort((x, y) => x - y), items);
});

test.run();

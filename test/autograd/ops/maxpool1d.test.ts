/** maxPool1d: gradients against central differences on distinct values (no ties), and the length error. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as A from '../../../src/autograd/index.js';
import { gradCheck } from '../../util/gradcheck.js';
import { params } from './inputs.js';

const test = suite('op maxpool1d');
const p = params();

test('maxPool1d with distinct values', () => {
  const values = new A.Rng(42).shuffle(Array.from({ length: 2 * 9 * 3 }, (_, i) => i / 10));
  let next = 0;
  gradCheck('maxPool1d 2', (x) => A.maxPool1d(x, 2), [p([2, 9, 3], () => values[next++ % values.length])]);
  next = 0;
  gradCheck('maxPool1d 3 stride 2', (x) => A.maxPool1d(x, 3, 2), [p([2, 9, 3], () => values[next++ % values.length])]);
  for (const [pool, stride] of [[2, 2], [3, 2], [4, 1], [2, 3]]) {
    next = 0;
    gradCheck(`maxPool1d same ${pool} stride ${stride}, T=9`, (x) => A.maxPool1d(x, pool, stride, 'same'), [p([2, 9, 3], () => values[next++ % values.length])]);
  }
});

test('an input shorter than the pool names both lengths', () => {
  assert.throws(() => A.maxPool1d(A.Tensor.zeros([1, 1, 2]), 2), /maxPool1d: input length 1 is shorter than pool size 2/);
});

test.run();

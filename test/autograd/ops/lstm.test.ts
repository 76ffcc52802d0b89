/**
 * lstmSequence: its hand-written backpropagation through time against central differences in
 * float64 (both return modes, with and without dropout masks), and its shape and dtype errors.
 * (The fused op against the composed reference is test/nn/lstm.test.ts.)
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as A from '../../../src/autograd/index.js';
import { gradCheck } from '../../util/gradcheck.js';
import { params } from './inputs.js';

const test = suite('op lstm');
const p = params();

test('lstmSequence: gradients of x, W, Uh and b, both return modes, with and without masks', () => {
  const [batch, steps, features, units] = [2, 4, 3, 2];
  const masks = { inputScale: Float64Array.from([2, 0, 2, 0, 2, 2]), recurrentScale: Float64Array.from([0, 1.25, 1.25, 1.25]) };
  for (const returnSequences of [false, true]) {
    for (const masked of [false, true]) {
      const options = { returnSequences, ...(masked ? masks : {}) };
      gradCheck(`lstmSequence seq=${returnSequences} masked=${masked}`, (x, w, u, b) => A.lstmSequence(x, w, u, b, options), [
        p([batch, steps, features]),
        p([features, 4 * units]),
        p([units, 4 * units]),
        p([4 * units]),
      ]);
    }
  }
});

test('mismatched weights and mixed dtypes name the shapes and dtypes', () => {
  const x = A.Tensor.zeros([1, 2, 3]);
  const u = A.Tensor.zeros([2, 8]);
  const b = A.Tensor.zeros([8]);
  assert.throws(() => A.lstmSequence(x, A.Tensor.zeros([4, 8]), u, b, { returnSequences: false }), /lstmSequence: expects x \[B, T, F\], W \[F, 4U\].* got x \[1, 2, 3\], W \[4, 8\]/);
  assert.throws(() => A.lstmSequence(x, A.Tensor.zeros([3, 8], 'float64'), u, b, { returnSequences: false }), /lstmSequence: mixed dtypes float32\[1, 2, 3\], float64\[3, 8\]/);
});

test.run();

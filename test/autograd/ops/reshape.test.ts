/** reshape: gradient against central differences, and the size error. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as A from '../../../src/autograd/index.js';
import { gradCheck } from '../../util/gradcheck.js';
import { params } from './inputs.js';

const test = suite('op reshape');
const p = params();

test('reshape', () => {
  gradCheck('reshape', (x) => A.mul(A.reshape(x, [4, -1]), A.reshape(x, [4, 6])), [p([2, 3, 4])]);
});

test('a reshape to another size names the shapes', () => {
  assert.throws(() => A.reshape(A.Tensor.zeros([2, 3]), [4, 2]), /reshape: cannot reshape \[2, 3\]/);
});

test.run();

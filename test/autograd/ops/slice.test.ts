/** slice: gradients against central differences, and the range error. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as A from '../../../src/autograd/index.js';
import { gradCheck } from '../../util/gradcheck.js';
import { params } from './inputs.js';

const test = suite('op slice');
const p = params();

test('slice', () => {
  gradCheck('slice axis 1', (x) => A.slice(x, 1, 1, 3), [p([2, 4, 3])]);
  gradCheck('slice last axis', (x) => A.slice(x, -1, 0, 2), [p([2, 4, 3])]);
});

test('a range out of bounds names the axis and the shape', () => {
  assert.throws(() => A.slice(A.Tensor.zeros([2, 3]), 1, 2, 5), /slice: range \[2, 5\) is out of bounds for axis 1 of \[2, 3\]/);
});

test.run();

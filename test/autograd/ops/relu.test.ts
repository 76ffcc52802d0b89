/** relu: gradient away from the kink, and NaN kept as TensorFlow keeps it. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as A from '../../../src/autograd/index.js';
import { gradCheck } from '../../util/gradcheck.js';
import { awayFromZero, params } from './inputs.js';

const test = suite('op relu');
const p = params();

test('relu away from 0', () => {
  gradCheck('relu', A.relu, [p([4, 6], awayFromZero(0.05, 1))]);
});

test('relu keeps NaN (as TensorFlow), so a bad input reaches the loss instead of turning into 0', () => {
  const y = A.relu(A.Tensor.from([Number.NaN, -1, 2], [3]));
  assert.ok(Number.isNaN(y.data[0]));
  assert.equal([...y.data.subarray(1)], [0, 2]);
});

test.run();

/** tanh: gradient against central differences. */
import { suite } from 'uvu';
import * as A from '../../../src/autograd/index.js';
import { gradCheck } from '../../util/gradcheck.js';
import { params } from './inputs.js';

const test = suite('op tanh');
const p = params();

test('tanh', () => {
  gradCheck('tanh', A.tanh, [p([2, 5], (r) => r.uniform(-3, 3))]);
});

test.run();

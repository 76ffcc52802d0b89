/** sigmoid: gradient against central differences. */
import { suite } from 'uvu';
import * as A from '../../../src/autograd/index.js';
import { gradCheck } from '../../util/gradcheck.js';
import { params } from './inputs.js';

const test = suite('op sigmoid');
const p = params();

test('sigmoid', () => {
  gradCheck('sigmoid', A.sigmoid, [p([2, 5], (r) => r.uniform(-6, 6))]);
});

test.run();

/** log: gradient against central differences. */
import { suite } from 'uvu';
import * as A from '../../../src/autograd/index.js';
import { gradCheck } from '../../util/gradcheck.js';
import { params, positive } from './inputs.js';

const test = suite('op log');
const p = params();

test('log', () => {
  gradCheck('log', A.log, [p([2, 5], positive)]);
});

test.run();

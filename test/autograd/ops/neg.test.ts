/** neg: gradient against central differences. */
import { suite } from 'uvu';
import * as A from '../../../src/autograd/index.js';
import { gradCheck } from '../../util/gradcheck.js';
import { params } from './inputs.js';

const test = suite('op neg');
const p = params();

test('neg', () => {
  gradCheck('neg', A.neg, [p([7])]);
});

test.run();

/** globalAvgPool1d: gradient against central differences. */
import { suite } from 'uvu';
import * as A from '../../../src/autograd/index.js';
import { gradCheck } from '../../util/gradcheck.js';
import { params } from './inputs.js';

const test = suite('op globalavgpool1d');
const p = params();

test('globalAvgPool1d', () => {
  gradCheck('globalAvgPool1d', A.globalAvgPool1d, [p([2, 5, 3])]);
});

test.run();

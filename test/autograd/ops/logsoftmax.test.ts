/** logSoftmax and softmax: gradients against central differences. */
import { suite } from 'uvu';
import * as A from '../../../src/autograd/index.js';
import { gradCheck } from '../../util/gradcheck.js';
import { params } from './inputs.js';

const test = suite('op logsoftmax');
const p = params();

test('logSoftmax and softmax', () => {
  gradCheck('logSoftmax', A.logSoftmax, [p([3, 5], (r) => r.uniform(-3, 3))]);
  gradCheck('softmax', A.softmax, [p([2, 2, 4])]);
});

test.run();

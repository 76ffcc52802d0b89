/** pow and sqrt: gradients against central differences. */
import { suite } from 'uvu';
import * as A from '../../../src/autograd/index.js';
import { gradCheck } from '../../util/gradcheck.js';
import { params, positive } from './inputs.js';

const test = suite('op pow');
const p = params();

test('pow and sqrt', () => {
  gradCheck('pow 2', (x) => A.pow(x, 2), [p([6])]);
  gradCheck('pow 3', (x) => A.pow(x, 3), [p([6])]);
  gradCheck('pow -1.5', (x) => A.pow(x, -1.5), [p([6], positive)]);
  gradCheck('sqrt', A.sqrt, [p([6], positive)]);
});

test.run();

/** transpose: gradients against central differences. */
import { suite } from 'uvu';
import * as A from '../../../src/autograd/index.js';
import { gradCheck } from '../../util/gradcheck.js';
import { params } from './inputs.js';

const test = suite('op transpose');
const p = params();

test('transpose', () => {
  gradCheck('transpose 2d', (x) => A.transpose(x), [p([3, 4])]);
  gradCheck('transpose perm', (x) => A.transpose(x, [1, 2, 0]), [p([2, 3, 4])]);
});

test.run();

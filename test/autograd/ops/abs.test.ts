/** abs: gradient away from the kink. */
import { suite } from 'uvu';
import * as A from '../../../src/autograd/index.js';
import { gradCheck } from '../../util/gradcheck.js';
import { awayFromZero, params } from './inputs.js';

const test = suite('op abs');
const p = params();

test('abs away from 0', () => {
  gradCheck('abs', A.abs, [p([4, 6], awayFromZero(0.05, 1))]);
});

test.run();

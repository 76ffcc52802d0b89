/** conv1d: gradients against central differences over paddings, strides, fused bias and relu, and the shape error. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as A from '../../../src/autograd/index.js';
import { gradCheck } from '../../util/gradcheck.js';
import { params } from './inputs.js';

const test = suite('op conv1d');
const p = params();

test('conv1d valid/same, stride 1/2', () => {
  for (const padding of ['valid', 'same'] as const) {
    for (const stride of [1, 2]) {
      gradCheck(`conv1d ${padding} stride ${stride}`, (x, w) => A.conv1d(x, w, { stride, padding }), [p([2, 7, 3]), p([3, 3, 4])]);
    }
  }
  gradCheck('conv1d same even kernel', (x, w) => A.conv1d(x, w, { padding: 'same' }), [p([1, 6, 2]), p([4, 2, 3])]);
});

test('conv1d with fused bias and relu, valid/same, stride 1/2/3', () => {
  for (const padding of ['valid', 'same'] as const) {
    for (const stride of [1, 2, 3]) {
      const [x, w, bias] = [p([2, 8, 3]), p([3, 3, 4]), p([4])];
      // the relu's kink must be out of reach of the finite differences
      const z = A.conv1d(x, w, { stride, padding, bias });
      assert.ok(z.data.every((v) => Math.abs(v) > 1e-4), `conv1d ${padding} stride ${stride}: a pre-activation is within 1e-4 of the relu kink`);
      gradCheck(`conv1d+bias+relu ${padding} stride ${stride}`, (x, w, bias) => A.conv1d(x, w, { stride, padding, bias, activation: 'relu' }), [x, w, bias]);
    }
  }
  gradCheck('conv1d+bias linear', (x, w, bias) => A.conv1d(x, w, { padding: 'same', bias }), [p([2, 5, 2]), p([2, 2, 3]), p([3])]);
});

test('mismatched channels name the shapes', () => {
  assert.throws(() => A.conv1d(A.Tensor.zeros([1, 5, 2]), A.Tensor.zeros([3, 4, 1])), /conv1d: .*x \[1, 5, 2\], w \[3, 4, 1\]/);
});

test.run();

/** Tensor: the accessors, the one-element read, detaching, and the size check of the constructor. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Tensor } from '../../src/autograd/index.js';

const test = suite('tensor');

test('Tensor helpers', () => {
  const t = Tensor.from([1, 2, 3, 4, 5, 6], [2, 3]);
  assert.is(t.dtype, 'float32');
  assert.is(t.rank, 2);
  assert.is(Tensor.scalar(4).item(), 4);
  assert.throws(() => t.item(), /item: tensor of shape \[2, 3\] has 6 elements/);
  assert.is(t.detach().node, null);
});

test('data that does not fill the shape names both', () => {
  assert.throws(() => new Tensor(new Float32Array(5), [2, 3]), /data length 5 does not match shape \[2, 3\]/);
});

test.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { convFlops, timeConv1d } from '../../../src/autograd/backend/conv-timing.js';
import { referenceBackend, type Backend, type Conv1dShape } from '../../../src/autograd/index.js';

const test = suite('conv-timing');
const g: Conv1dShape = { batch: 2, length: 9, channels: 3, kernel: 5, filters: 4, stride: 1, padBefore: 2, outLength: 9 };

test('convFlops counts two operations per multiply-add of the direct definition', () => {
  assert.is(convFlops(g), 2 * 2 * 9 * 5 * 3 * 4);
});

test('timeConv1d times every call, reports medians, and counts dx only when asked', () => {
  const calls = { forward: 0, backward: 0, dx: 0 };
  const counting: Backend = {
    ...referenceBackend,
    conv1d: (...args) => {
      calls.forward++;
      referenceBackend.conv1d(...args);
    },
    conv1dBackward: (x, w, y, dy, relu, shape, grads) => {
      calls.backward++;
      if (grads.dx) calls.dx++;
      referenceBackend.conv1dBackward(x, w, y, dy, relu, shape, grads);
    },
  };
  const withDx = timeConv1d(counting, g, { repeats: 4 });
  assert.equal(calls, { forward: 7, backward: 7, dx: 7 });
  const withoutDx = timeConv1d(counting, g, { repeats: 4, dx: false });
  assert.equal(calls, { forward: 14, backward: 14, dx: 7 });
  for (const t of [withDx, withoutDx]) {
    assert.ok(t.forwardMs > 0 && t.backwardMs > 0, 'positive times');
    assert.ok(Math.abs(t.forwardGflops - convFlops(g) / t.forwardMs / 1e6) < 1e-9 * t.forwardGflops);
  }
  assert.ok(Math.abs(withDx.backwardGflops - (2 * convFlops(g)) / withDx.backwardMs / 1e6) < 1e-9 * withDx.backwardGflops, 'dx and dw: two products');
  assert.ok(Math.abs(withoutDx.backwardGflops - convFlops(g) / withoutDx.backwardMs / 1e6) < 1e-9 * withoutDx.backwardGflops, 'dw alone: one product');
});

test.run();

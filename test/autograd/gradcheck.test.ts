/** Every primitive op (and the composed ones) against central differences in float64. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as A from '../../src/autograd/index.js';
import { Rng } from '../../src/autograd/index.js';
import { gradCheck, param64 } from '../util/gradcheck.js';

const test = suite('gradient checks');
const rng = new Rng(42);
const p = (shape: number[], sample?: (r: Rng) => number) => param64(shape, rng, sample);
/** Uniform in ±[lo, hi]: keeps inputs away from kinks such as relu's and abs's 0. */
const awayFromZero = (lo: number, hi: number) => (r: Rng) => r.uniform(lo, hi) * (r.next() < 0.5 ? -1 : 1);
const positive = (r: Rng) => r.uniform(0.5, 2);

test('add (same shape, bias broadcast, scalar, both sides broadcast)', () => {
  gradCheck('add same', A.add, [p([3, 4]), p([3, 4])]);
  gradCheck('add bias', A.add, [p([2, 3, 4]), p([4])]);
  gradCheck('add scalar', A.add, [p([2, 3]), p([])]);
  gradCheck('add outer', A.add, [p([3, 1]), p([1, 4])]);
});

test('sub', () => {
  gradCheck('sub same', A.sub, [p([3, 4]), p([3, 4])]);
  gradCheck('sub broadcast', A.sub, [p([2, 1, 4]), p([3, 1])]);
});

test('mul', () => {
  gradCheck('mul same', A.mul, [p([3, 4]), p([3, 4])]);
  gradCheck('mul broadcast', A.mul, [p([2, 3, 4]), p([3, 1])]);
  gradCheck('mul self (accumulation)', (x) => A.mul(x, x), [p([5])]);
});

test('div', () => {
  gradCheck('div same', A.div, [p([3, 4]), p([3, 4], positive)]);
  gradCheck('div broadcast', A.div, [p([2, 3]), p([3], positive)]);
});

test('neg, exp, log, tanh, sigmoid', () => {
  gradCheck('neg', A.neg, [p([7])]);
  gradCheck('exp', A.exp, [p([2, 5])]);
  gradCheck('log', A.log, [p([2, 5], positive)]);
  gradCheck('tanh', A.tanh, [p([2, 5], (r) => r.uniform(-3, 3))]);
  gradCheck('sigmoid', A.sigmoid, [p([2, 5], (r) => r.uniform(-6, 6))]);
});

test('relu and abs away from 0', () => {
  gradCheck('relu', A.relu, [p([4, 6], awayFromZero(0.05, 1))]);
  gradCheck('abs', A.abs, [p([4, 6], awayFromZero(0.05, 1))]);
});

test('pow and sqrt', () => {
  gradCheck('pow 2', (x) => A.pow(x, 2), [p([6])]);
  gradCheck('pow 3', (x) => A.pow(x, 3), [p([6])]);
  gradCheck('pow -1.5', (x) => A.pow(x, -1.5), [p([6], positive)]);
  gradCheck('sqrt', A.sqrt, [p([6], positive)]);
});

test('matmul 2-D, folded, batched', () => {
  gradCheck('matmul 2d', A.matmul, [p([3, 4]), p([4, 5])]);
  gradCheck('matmul [B,T,K]·[K,N]', A.matmul, [p([2, 3, 4]), p([4, 5])]);
  gradCheck('matmul batched', A.matmul, [p([2, 3, 4]), p([2, 4, 2])]);
});

test('sum and mean over axes', () => {
  gradCheck('sum all', (x) => A.sum(x), [p([2, 3, 4])]);
  gradCheck('sum axis 1', (x) => A.sum(x, 1), [p([2, 3, 4])]);
  gradCheck('sum axes [0, 2] keepDims', (x) => A.sum(x, [0, 2], true), [p([2, 3, 4])]);
  gradCheck('mean axis -1', (x) => A.mean(x, -1), [p([2, 3, 4])]);
  gradCheck('mean all', (x) => A.mean(x), [p([3, 4])]);
  gradCheck('sum axes [1, 2] of rank 4 (adjacent)', (x) => A.sum(x, [2, 1]), [p([2, 3, 4, 2])]);
  gradCheck('sum axes [0, 3] of rank 4 (strided walk)', (x) => A.sum(x, [0, 3], true), [p([2, 3, 2, 2])]);
});

test('reshape and transpose', () => {
  gradCheck('reshape', (x) => A.mul(A.reshape(x, [4, -1]), A.reshape(x, [4, 6])), [p([2, 3, 4])]);
  gradCheck('transpose 2d', (x) => A.transpose(x), [p([3, 4])]);
  gradCheck('transpose perm', (x) => A.transpose(x, [1, 2, 0]), [p([2, 3, 4])]);
});

test('slice, concat, stack', () => {
  gradCheck('slice axis 1', (x) => A.slice(x, 1, 1, 3), [p([2, 4, 3])]);
  gradCheck('slice last axis', (x) => A.slice(x, -1, 0, 2), [p([2, 4, 3])]);
  gradCheck('concat axis 1', (a, b) => A.concat([a, b, a], 1), [p([2, 2, 3]), p([2, 1, 3])]);
  gradCheck('stack axis 1', (a, b) => A.stack([a, b], 1), [p([2, 3]), p([2, 3])]);
});

test('logSoftmax and softmax', () => {
  gradCheck('logSoftmax', A.logSoftmax, [p([3, 5], (r) => r.uniform(-3, 3))]);
  gradCheck('softmax', A.softmax, [p([2, 2, 4])]);
});

test('mask (dropout-style)', () => {
  const keep = new Float64Array([1, 0, 1, 1, 0, 1]);
  gradCheck('mask', (x) => A.mask(x, keep, 1 / 0.6), [p([2, 3])]);
});

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

test('maxPool1d with distinct values', () => {
  const values = rng.shuffle(Array.from({ length: 2 * 9 * 3 }, (_, i) => i / 10));
  let next = 0;
  gradCheck('maxPool1d 2', (x) => A.maxPool1d(x, 2), [p([2, 9, 3], () => values[next++ % values.length])]);
  next = 0;
  gradCheck('maxPool1d 3 stride 2', (x) => A.maxPool1d(x, 3, 2), [p([2, 9, 3], () => values[next++ % values.length])]);
  for (const [pool, stride] of [[2, 2], [3, 2], [4, 1], [2, 3]]) {
    next = 0;
    gradCheck(`maxPool1d same ${pool} stride ${stride}, T=9`, (x) => A.maxPool1d(x, pool, stride, 'same'), [p([2, 9, 3], () => values[next++ % values.length])]);
  }
});

test('globalAvgPool1d', () => {
  gradCheck('globalAvgPool1d', A.globalAvgPool1d, [p([2, 5, 3])]);
});

test('composed graph: conv1d → relu → maxPool → matmul → logSoftmax cross-entropy', () => {
  const labels = [2, 0];
  const oneHot = A.Tensor.zeros([2, 3], 'float64');
  labels.forEach((c, b) => (oneHot.data[b * 3 + c] = 1));
  const loss = (x: A.Tensor, w: A.Tensor, bias: A.Tensor, dense: A.Tensor) => {
    const h = A.maxPool1d(A.relu(A.add(A.conv1d(x, w, { padding: 'same' }), bias)), 2);
    const flat = A.reshape(h, [2, -1]);
    const logits = A.matmul(flat, dense);
    return A.neg(A.mean(A.sum(A.mul(A.logSoftmax(logits), oneHot), 1)));
  };
  gradCheck('composed', loss, [p([2, 8, 2]), p([3, 2, 4]), p([4]), p([16, 3])], { atol: 1e-6, rtol: 1e-4 });
});

test.run();

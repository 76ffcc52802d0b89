/** float32Operands: float64 products go to the reference loops, empty products are written, float32 ones reach the kernel. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { float32Operands } from '../../../src/autograd/backend/matmul-cases.js';

const test = suite('autograd/backend/matmul-cases');

test('float64 operands: C is the reference product (2×3 · 3×2, and transposed A) and no kernel runs', () => {
  const a = Float64Array.of(1, 2, 3, 4, 5, 6);
  const b = Float64Array.of(1, 0, 0, 1, 1, 1);
  const c = new Float64Array(4);
  assert.is(float32Operands(a, b, c, 2, 3, 2, false, false), null);
  assert.equal(Array.from(c), [4, 5, 10, 11]);
  const cT = new Float64Array(6);
  assert.is(float32Operands(a, b.subarray(0, 4), cT, 3, 2, 2, true, false), null);
  assert.equal(Array.from(cT), [1, 4, 2, 5, 3, 6]);
});

test('empty products: m·n = 0 leaves C untouched, k = 0 zeroes the m·n outputs only', () => {
  const c = Float32Array.of(7, 7, 7, 7, 7);
  assert.is(float32Operands(new Float32Array(0), new Float32Array(6), c, 0, 3, 2, false, false), null);
  assert.equal(Array.from(c), [7, 7, 7, 7, 7]);
  assert.is(float32Operands(new Float32Array(0), new Float32Array(0), c, 2, 0, 2, false, false), null);
  assert.equal(Array.from(c), [0, 0, 0, 0, 7]);
});

test('float32 operands with work to do: handed back to the kernel, C untouched', () => {
  const a = new Float32Array(6);
  const b = new Float32Array(6);
  const c = Float32Array.of(9, 9, 9, 9);
  const operands = float32Operands(a, b, c, 2, 3, 2, false, false);
  assert.ok(operands && operands.a === a && operands.b === b && operands.c === c);
  assert.equal(Array.from(c), [9, 9, 9, 9]);
});

test.run();

/** The tolerance helper itself: numpy `allclose` semantics and labelled failures. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compareClose, expectClose } from './close.js';

const test = suite('expectClose');

test('|a - b| <= atol + rtol·|b|, with b the expected value', () => {
  assert.ok(compareClose([1.1], [1], { atol: 0, rtol: 0.1 + 1e-12 }).ok);
  assert.not.ok(compareClose([1.1], [1], { atol: 0, rtol: 0.09 }).ok);
  assert.ok(compareClose([0.05], [0], { atol: 0.05 + 1e-12, rtol: 1 }).ok, 'atol carries zeros');
  assert.not.ok(compareClose([1], [1.1], { atol: 0, rtol: 0.0905 }).ok, 'relative to expected, not actual');
});

test('exact equality passes with zero tolerances; NaN only matches NaN', () => {
  assert.ok(compareClose([0, 3, Infinity, Number.NaN], [0, 3, Infinity, Number.NaN], { atol: 0, rtol: 0 }).ok);
  assert.not.ok(compareClose([Number.NaN], [1], { atol: 1, rtol: 1 }).ok);
  assert.not.ok(compareClose([1], [Number.NaN]).ok);
  assert.not.ok(compareClose([Infinity], [-Infinity]).ok);
});

test('failures name the label, the index and both values', () => {
  assert.throws(() => expectClose('mfcc20', [1, 2, 3], [1, 2, 4], { atol: 1e-3, rtol: 0 }), /mfcc20: not close at \[2\]: actual 3, expected 4/);
  assert.throws(() => expectClose('rms', [1, 2], [1]), /rms: length 2 != expected length 1/);
});

test.run();

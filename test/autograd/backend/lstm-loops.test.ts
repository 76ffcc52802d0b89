/**
 * The plain-loop LSTM recurrence (lstm-loops.ts, through the reference backend): in float32 the
 * backward pass flushes dz and δc below LSTM_GRADIENT_FLOOR to zeros, so no step product reads a
 * subnormal, while float64 keeps every tiny gradient; above the floor the two precisions agree.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LSTM_GRADIENT_FLOOR } from '../../../src/autograd/backend/lstm-gradient-floor.js';
import { referenceBackend } from '../../../src/autograd/backend/reference.js';
import { expectClose } from '../../util/close.js';

const s = suite('autograd lstm loops');

/** Backward of a 5-unit LSTM over 300 steps whose forget gate is ~0.05, so δc shrinks ~20× a step. */
function lstmDx(make: (values: number[]) => Float32Array | Float64Array) {
  const batch = 2;
  const steps = 300;
  const features = 3;
  const units = 5;
  const width = 4 * units;
  let state = 1;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  const x = make(Array.from({ length: batch * steps * features }, next));
  const w = make(Array.from({ length: features * width }, () => 0.5 * next()));
  const u = make(Array.from({ length: units * width }, () => 0.5 * next()));
  const bias = make(Array.from({ length: width }, (_, j) => (j >= units && j < 2 * units ? -3 : 0)));
  const zeros = (n: number) => make(new Array<number>(n).fill(0));
  const g = { batch, steps, features, units };
  const cache = { gates: zeros(batch * steps * width), cells: zeros(batch * steps * units), cellTanh: zeros(batch * steps * units), hidden: zeros(batch * steps * units), hMasked: zeros(batch * steps * units) };
  referenceBackend.lstmForward(x, w, u, bias, null, g, cache);
  const dy = make(Array.from({ length: batch * units }, () => 1));
  const grads = { dx: zeros(batch * steps * features), dw: null, du: null, dbias: null };
  referenceBackend.lstmBackward(dy, false, x, w, u, null, g, cache, grads);
  return { dx: grads.dx as Float32Array | Float64Array, steps, features };
}

s('float32 flushes gradients below the floor (no subnormal anywhere); float64 keeps them', () => {
  const f32 = lstmDx((v) => Float32Array.from(v));
  const f64 = lstmDx((v) => Float64Array.from(v));
  const subnormals = f32.dx.filter((v) => v !== 0 && Math.abs(v) < 2 ** -126).length;
  assert.is(subnormals, 0, 'float32 dx holds no subnormal');
  // step 0 of batch row 0 is ~300 decays of 20x away from the loss: 0 in float32, tiny but kept in float64
  const first = [0, 1, 2];
  assert.ok(first.every((k) => f32.dx[k] === 0), 'the earliest steps flush to zero in float32');
  assert.ok(first.every((k) => f64.dx[k] !== 0 && Math.abs(f64.dx[k]) < LSTM_GRADIENT_FLOOR), 'float64 keeps them');
  // the last ten steps of each row, far above the floor, agree to float32 precision
  const last = (dx: Float32Array | Float64Array) => [0, 1].flatMap((b) => Array.from(dx.subarray((b * f32.steps + f32.steps - 10) * f32.features, (b + 1) * f32.steps * f32.features)));
  expectClose('last steps, float32 against float64', last(f32.dx), last(f64.dx), { atol: 1e-7, rtol: 1e-4 });
});

s.run();

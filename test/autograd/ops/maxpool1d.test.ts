/**
 * maxPool1d: values against the definition (odd lengths, 'same' windows of one frame, ties,
 * NaN) on the paper's pool and the general path, gradients against central differences on
 * distinct values (no ties), and the length error.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as A from '../../../src/autograd/index.js';
import { expectClose } from '../../util/close.js';
import { gradCheck } from '../../util/gradcheck.js';
import { params } from './inputs.js';

const test = suite('op maxpool1d');
const p = params();

test('maxPool1d with distinct values', () => {
  const values = new A.Rng(42).shuffle(Array.from({ length: 2 * 9 * 3 }, (_, i) => i / 10));
  let next = 0;
  gradCheck('maxPool1d 2', (x) => A.maxPool1d(x, 2), [p([2, 9, 3], () => values[next++ % values.length])]);
  next = 0;
  gradCheck('maxPool1d 3 stride 2', (x) => A.maxPool1d(x, 3, 2), [p([2, 9, 3], () => values[next++ % values.length])]);
  for (const [pool, stride] of [[2, 2], [3, 2], [4, 1], [2, 3]]) {
    next = 0;
    gradCheck(`maxPool1d same ${pool} stride ${stride}, T=9`, (x) => A.maxPool1d(x, pool, stride, 'same'), [p([2, 9, 3], () => values[next++ % values.length])]);
  }
});

/** y[b, t, c] = max over the window's real frames, the first maximum (NaN only where it comes first), by the definition. */
function naivePool(x: ArrayLike<number>, [batch, length, channels]: number[], poolSize: number, stride: number, padding: A.Padding): { y: number[]; dx: number[] } {
  const { outLength, padBefore } = A.convGeometry(length, poolSize, stride, padding);
  const y: number[] = [];
  const dx = new Array<number>(x.length).fill(0);
  for (let b = 0; b < batch; b++)
    for (let t = 0; t < outLength; t++)
      for (let c = 0; c < channels; c++) {
        let best = -1;
        for (let k = 0; k < poolSize; k++) {
          const j = t * stride - padBefore + k;
          if (j < 0 || j >= length) continue;
          const at = (b * length + j) * channels + c;
          if (best < 0 || x[at] > x[best]) best = at;
        }
        y.push(x[best]);
        dx[best] += y.length;
      }
  return { y, dx };
}

test('values and routed gradients equal the definition: ties go to the first frame, NaN first stays', () => {
  const rng = new A.Rng(9);
  // ties from a coarse grid, one NaN at the start of a window and one at its end
  const shape = [2, 7, 3];
  const values = Array.from({ length: 2 * 7 * 3 }, () => Math.round(rng.uniform(-2, 2)));
  values[0] = Number.NaN;
  values[3 * 3 + 1] = Number.NaN;
  for (const [pool, stride, padding] of [[2, 2, 'same'], [2, 2, 'valid'], [3, 2, 'same'], [2, 1, 'valid'], [3, 3, 'same']] as const) {
    const x = new A.Tensor(Float32Array.from(values), shape, { requiresGrad: true });
    const y = A.maxPool1d(x, pool, stride, padding);
    const expected = naivePool(values, shape, pool, stride, padding);
    const label = `pool ${pool} stride ${stride} ${padding}`;
    expectClose(`${label}: y`, y.data, expected.y, { atol: 0, rtol: 0 });
    // seed i + 1 for output i, so every routed gradient says which output sent it
    A.backward(y, Float32Array.from({ length: y.size }, (_, i) => i + 1));
    expectClose(`${label}: dx`, x.grad!, expected.dx, { atol: 0, rtol: 0 });
  }
});

test('an input shorter than the pool names both lengths', () => {
  assert.throws(() => A.maxPool1d(A.Tensor.zeros([1, 1, 2]), 2), /maxPool1d: input length 1 is shorter than pool size 2/);
});

test.run();

/**
 * relu: y = max(x, 0), NaN staying NaN (as TensorFlow) so a bad input cannot hide behind a zero.
 * Backward: dx = dy where x > 0, else 0 (the subgradient 0 at x = 0, as Keras).
 * Written as its own loops (not through the shared callback maps) because it runs on every
 * convolution output: a direct loop is several times faster than a call per element.
 */
import { record } from '../engine.js';
import { allocateLike, type Tensor } from '../tensor.js';

export function relu(x: Tensor): Tensor {
  const xd = x.data;
  const y = allocateLike(xd);
  for (let i = 0; i < xd.length; i++) {
    const v = xd[i];
    y[i] = v < 0 ? 0 : v;
  }
  return record('relu', y, x.shape, [x], (dy) => {
    const dx = allocateLike(dy);
    for (let i = 0; i < dy.length; i++) dx[i] = xd[i] > 0 ? dy[i] : 0;
    return [dx];
  });
}

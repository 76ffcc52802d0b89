/**
 * abs: y = |x|. Backward: dx = dy ⊙ sign(x) (0 at x = 0), the gradient of an L1 penalty.
 * Direct loops rather than the shared callback maps: an L1-regularised model runs both on every
 * kernel at every step.
 */
import { record } from '../engine.js';
import { allocateLike, type Tensor } from '../tensor.js';

export function abs(x: Tensor): Tensor {
  const xd = x.data;
  const y = allocateLike(xd);
  for (let i = 0; i < xd.length; i++) y[i] = Math.abs(xd[i]);
  return record('abs', y, x.shape, [x], (dy) => {
    const dx = allocateLike(dy);
    for (let i = 0; i < dy.length; i++) dx[i] = dy[i] * Math.sign(xd[i]);
    return [dx];
  });
}

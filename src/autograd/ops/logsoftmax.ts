/**
 * logSoftmax over the last axis: y_i = x_i - max(x) - ln Σ_j e^(x_j - max(x)) (stable for any x).
 * Backward: dx_i = dy_i - softmax(x)_i · Σ_j dy_j, with softmax = e^y.
 * Shapes: x [..., C] → y [..., C]. softmax is exp(logSoftmax(x)), composed.
 */
import { record } from '../engine.js';
import { allocateLike, type Tensor } from '../tensor.js';
import { exp } from './exp.js';

export function logSoftmax(x: Tensor): Tensor {
  if (x.rank === 0) throw new Error('logSoftmax: needs at least one axis, got a scalar');
  const classes = x.shape[x.rank - 1];
  const rows = x.size / classes;
  const xd = x.data;
  const y = allocateLike(xd);
  for (let r = 0; r < rows; r++) {
    const o = r * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, xd[o + c]);
    let total = 0;
    for (let c = 0; c < classes; c++) total += Math.exp(xd[o + c] - max);
    const logTotal = max + Math.log(total);
    for (let c = 0; c < classes; c++) y[o + c] = xd[o + c] - logTotal;
  }
  return record('logSoftmax', y, x.shape, [x], (dy) => {
    const dx = allocateLike(dy);
    for (let r = 0; r < rows; r++) {
      const o = r * classes;
      let dySum = 0;
      for (let c = 0; c < classes; c++) dySum += dy[o + c];
      for (let c = 0; c < classes; c++) dx[o + c] = dy[o + c] - Math.exp(y[o + c]) * dySum;
    }
    return [dx];
  });
}

/** softmax over the last axis = exp(logSoftmax(x)). */
export function softmax(x: Tensor): Tensor {
  return exp(logSoftmax(x));
}

/**
 * sum: y = Σ x over `axes` (all axes when omitted), keeping reduced axes as size 1 when `keepDims`.
 * Backward: dx = dy broadcast back over the reduced axes.
 * mean: sum divided by the number of summed elements (composed, no backward of its own).
 */
import { record } from '../engine.js';
import { broadcastStrides, normalizeAxis, shapeSize, stridedOffset, stridesOf } from '../shape.js';
import { allocateLike, type Tensor } from '../tensor.js';
import { expandTo } from './elementwise.js';
import { mul } from './mul.js';

function reducedShapes(op: string, x: Tensor, axes?: number | number[]): { kept: number[]; count: number; axesSet: Set<number> } {
  const list = axes === undefined ? x.shape.map((_, i) => i) : Array.isArray(axes) ? axes : [axes];
  const axesSet = new Set(list.map((a) => normalizeAxis(op, a, x.rank)));
  const kept = x.shape.map((d, i) => (axesSet.has(i) ? 1 : d));
  let count = 1;
  for (const a of axesSet) count *= x.shape[a];
  return { kept, count, axesSet };
}

export function sum(x: Tensor, axes?: number | number[], keepDims = false): Tensor {
  const { kept, axesSet } = reducedShapes('sum', x, axes);
  const outShape = keepDims ? kept : kept.filter((_, i) => !axesSet.has(i));
  const y = allocateLike(x.data, shapeSize(kept));
  // Each input element adds into the output element it reduces to (stride 0 along reduced axes).
  const inStrides = stridesOf(x.shape);
  const outStrides = broadcastStrides(kept, x.shape);
  const xd = x.data;
  for (let i = 0; i < xd.length; i++) y[stridedOffset(i, inStrides, outStrides)] += xd[i];
  return record('sum', y, outShape, [x], (dy) => [expandTo(dy, kept, x.shape)]);
}

export function mean(x: Tensor, axes?: number | number[], keepDims = false): Tensor {
  const { count } = reducedShapes('mean', x, axes);
  return mul(sum(x, axes, keepDims), 1 / count);
}

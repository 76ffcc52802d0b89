/**
 * sum: y = Σ x over `axes` (all axes when omitted), keeping reduced axes as size 1 when `keepDims`.
 * Backward: dx = dy broadcast back over the reduced axes.
 * mean: sum divided by the number of summed elements (composed, no backward of its own).
 * When the reduced axes are adjacent (a global average pooling's time axis, a whole tensor) x is
 * read as [outer, reduced, inner] by direct loops; other axis sets take the general strided walk.
 */
import { record } from '../engine.js';
import { broadcastStrides, normalizeAxis, shapeSize, stridedOffset, stridesOf } from '../shape.js';
import { allocateLike, type Data, type Tensor } from '../tensor.js';
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

/** [outer, reduced, inner] sizes when the reduced axes are adjacent, else null. */
function adjacentSplit(shape: readonly number[], axesSet: Set<number>): [number, number, number] | null {
  if (axesSet.size === 0) return [shapeSize(shape), 1, 1];
  const first = Math.min(...axesSet);
  const last = Math.max(...axesSet);
  if (last - first + 1 !== axesSet.size) return null;
  return [shapeSize(shape.slice(0, first)), shapeSize(shape.slice(first, last + 1)), shapeSize(shape.slice(last + 1))];
}

export function sum(x: Tensor, axes?: number | number[], keepDims = false): Tensor {
  const { kept, axesSet } = reducedShapes('sum', x, axes);
  const outShape = keepDims ? kept : kept.filter((_, i) => !axesSet.has(i));
  const y = allocateLike(x.data, shapeSize(kept));
  const xd = x.data;
  const split = adjacentSplit(x.shape, axesSet);
  if (split !== null) {
    // y[o, i] = Σ_r x[o, r, i]
    const [outer, reduced, inner] = split;
    for (let o = 0; o < outer; o++) {
      for (let r = 0; r < reduced; r++) {
        const src = (o * reduced + r) * inner;
        for (let i = 0; i < inner; i++) y[o * inner + i] += xd[src + i];
      }
    }
    return record('sum', y, outShape, [x], (dy) => [expandAdjacent(dy, split, xd)]);
  }
  // Each input element adds into the output element it reduces to (stride 0 along reduced axes).
  const inStrides = stridesOf(x.shape);
  const outStrides = broadcastStrides(kept, x.shape);
  for (let i = 0; i < xd.length; i++) y[stridedOffset(i, inStrides, outStrides)] += xd[i];
  return record('sum', y, outShape, [x], (dy) => [expandTo(dy, kept, x.shape)]);
}

/** dx[o, r, i] = dy[o, i]: the backward of an adjacent-axes sum. */
function expandAdjacent(dy: Data, [outer, reduced, inner]: [number, number, number], like: Data): Data {
  const dx = allocateLike(like);
  for (let o = 0; o < outer; o++) {
    for (let r = 0; r < reduced; r++) {
      const dst = (o * reduced + r) * inner;
      for (let i = 0; i < inner; i++) dx[dst + i] = dy[o * inner + i];
    }
  }
  return dx;
}

export function mean(x: Tensor, axes?: number | number[], keepDims = false): Tensor {
  const { count } = reducedShapes('mean', x, axes);
  return mul(sum(x, axes, keepDims), 1 / count);
}

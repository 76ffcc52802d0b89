/**
 * slice: y = x[..., start:end, ...] along one axis (end exclusive).
 * Backward: dx is zero except the sliced range, which receives dy.
 */
import { record } from '../engine.js';
import { formatShape, normalizeAxis, shapeSize } from '../shape.js';
import { allocateLike, type Tensor } from '../tensor.js';

export function slice(x: Tensor, axis: number, start: number, end: number): Tensor {
  const ax = normalizeAxis('slice', axis, x.rank);
  const len = x.shape[ax];
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= len)) {
    throw new Error(`slice: range [${start}, ${end}) is out of bounds for axis ${axis} of ${formatShape(x.shape)}`);
  }
  const outer = shapeSize(x.shape.slice(0, ax));
  const inner = shapeSize(x.shape.slice(ax + 1));
  const width = (end - start) * inner;
  const outShape = x.shape.map((d, i) => (i === ax ? end - start : d));
  const y = allocateLike(x.data, outer * width);
  for (let o = 0; o < outer; o++) y.set(x.data.subarray(o * len * inner + start * inner, o * len * inner + start * inner + width), o * width);
  return record('slice', y, outShape, [x], (dy) => {
    const dx = allocateLike(x.data);
    for (let o = 0; o < outer; o++) dx.set(dy.subarray(o * width, (o + 1) * width), o * len * inner + start * inner);
    return [dx];
  });
}

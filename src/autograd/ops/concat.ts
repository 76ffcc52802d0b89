/**
 * concat: join tensors along `axis` (all other dims equal).
 * Backward: each input receives its own slice of dy.
 * stack: insert a new axis and concat along it (composed from reshape and concat).
 */
import { checkDtypes, record } from '../engine.js';
import { formatShape, normalizeAxis, shapeSize } from '../shape.js';
import { allocateLike, type Tensor } from '../tensor.js';
import { reshape } from './reshape.js';

export function concat(xs: readonly Tensor[], axis: number): Tensor {
  if (xs.length === 0) throw new Error('concat: needs at least one tensor');
  checkDtypes('concat', xs);
  const first = xs[0];
  const ax = normalizeAxis('concat', axis, first.rank);
  for (const x of xs) {
    if (x.rank !== first.rank || x.shape.some((d, i) => i !== ax && d !== first.shape[i])) {
      throw new Error(`concat: shapes ${xs.map((t) => formatShape(t.shape)).join(', ')} differ outside axis ${axis}`);
    }
  }
  const outer = shapeSize(first.shape.slice(0, ax));
  const inner = shapeSize(first.shape.slice(ax + 1));
  const widths = xs.map((x) => x.shape[ax] * inner);
  const total = widths.reduce((s, w) => s + w, 0);
  const outShape = first.shape.map((d, i) => (i === ax ? total / inner : d));
  const y = allocateLike(first.data, outer * total);
  let offset = 0;
  xs.forEach((x, k) => {
    const w = widths[k];
    for (let o = 0; o < outer; o++) y.set(x.data.subarray(o * w, (o + 1) * w), o * total + offset);
    offset += w;
  });
  return record('concat', y, outShape, xs, (dy) => {
    let start = 0;
    return xs.map((x, k) => {
      const w = widths[k];
      const dx = allocateLike(x.data);
      for (let o = 0; o < outer; o++) dx.set(dy.subarray(o * total + start, o * total + start + w), o * w);
      start += w;
      return dx;
    });
  });
}

export function stack(xs: readonly Tensor[], axis = 0): Tensor {
  if (xs.length === 0) throw new Error('stack: needs at least one tensor');
  const ax = normalizeAxis('stack', axis, xs[0].rank + 1);
  const expanded = xs.map((x) => reshape(x, [...x.shape.slice(0, ax), 1, ...x.shape.slice(ax)]));
  return concat(expanded, ax);
}

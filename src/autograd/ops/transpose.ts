/**
 * transpose: permute axes, y[i_perm(0), …] = x[i_0, …]; default reverses the axes.
 * Backward: dx = transpose(dy, inverse permutation).
 */
import { record } from '../engine.js';
import { formatShape, stridedOffset, stridesOf } from '../shape.js';
import { allocateLike, type Data, type Tensor } from '../tensor.js';

function permute(x: Data, shape: readonly number[], perm: readonly number[]): Data {
  const outShape = perm.map((p) => shape[p]);
  const inStrides = stridesOf(shape);
  const readStrides = perm.map((p) => inStrides[p]);
  const outStrides = stridesOf(outShape);
  const out = allocateLike(x);
  for (let i = 0; i < out.length; i++) out[i] = x[stridedOffset(i, outStrides, readStrides)];
  return out;
}

export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const p = perm ?? x.shape.map((_, i) => x.rank - 1 - i);
  const valid = p.length === x.rank && [...p].sort((u, v) => u - v).every((v, i) => v === i);
  if (!valid) throw new Error(`transpose: permutation [${p.join(', ')}] does not fit shape ${formatShape(x.shape)}`);
  const inverse = new Array<number>(p.length);
  p.forEach((axis, i) => (inverse[axis] = i));
  const outShape = p.map((axis) => x.shape[axis]);
  return record('transpose', permute(x.data, x.shape, p), outShape, [x], (dy) => [permute(dy, outShape, inverse)]);
}

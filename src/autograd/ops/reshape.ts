/** reshape: same data, new shape of equal size (one -1 is inferred). Backward: dx = dy (as x's shape). */
import { record } from '../engine.js';
import { formatShape, shapeSize } from '../shape.js';
import type { Tensor } from '../tensor.js';

export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const known = shape.filter((d) => d !== -1);
  const inferred = shape.length - known.length;
  const knownSize = shapeSize(known);
  const resolved = inferred === 1 && knownSize > 0 ? shape.map((d) => (d === -1 ? x.size / knownSize : d)) : [...shape];
  if (inferred > 1 || shapeSize(resolved) !== x.size || !resolved.every(Number.isInteger)) {
    throw new Error(`reshape: cannot reshape ${formatShape(x.shape)} (size ${x.size}) to ${formatShape(shape)}`);
  }
  return record('reshape', x.data, resolved, [x], (dy) => [dy]);
}

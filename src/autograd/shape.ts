/**
 * Shape arithmetic shared by the engine and the ops: sizes, strides, numpy broadcasting and the
 * checks whose errors name the op and the shapes involved.
 */
export type ShapeLike = readonly number[];

export function shapeSize(shape: ShapeLike): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

export function formatShape(shape: ShapeLike): string {
  return `[${shape.join(', ')}]`;
}

export function sameShape(a: ShapeLike, b: ShapeLike): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Row-major strides: stride[i] = product of shape[i+1..]. */
export function stridesOf(shape: ShapeLike): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** numpy broadcasting of two shapes; throws naming `op` when they are incompatible. */
export function broadcastShapes(op: string, a: ShapeLike, b: ShapeLike): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Strides to read an input of shape `inShape` as if it had the broadcast shape `outShape`:
 * broadcast (size-1 or missing) dimensions get stride 0.
 */
export function broadcastStrides(inShape: ShapeLike, outShape: ShapeLike): number[] {
  const inStrides = stridesOf(inShape);
  const offset = outShape.length - inShape.length;
  return outShape.map((_, i) => {
    const j = i - offset;
    return j < 0 || inShape[j] === 1 ? 0 : inStrides[j];
  });
}

/**
 * For the element at flat row-major index `i` of a tensor whose strides are `strides`, the offset
 * of the element it maps to in a buffer addressed by `readStrides` (0 along broadcast or reduced
 * axes, permuted strides for a transpose). The one index walk behind every general-case
 * broadcast, reduction, un-broadcast and permutation.
 */
export function stridedOffset(i: number, strides: readonly number[], readStrides: readonly number[]): number {
  let rem = i;
  let offset = 0;
  for (let d = 0; d < strides.length; d++) {
    const idx = Math.floor(rem / strides[d]);
    rem -= idx * strides[d];
    offset += idx * readStrides[d];
  }
  return offset;
}

/** Normalise a possibly negative axis; throws naming `op` when it is out of range. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank) {
    throw new Error(`${op}: axis ${axis} is out of range for rank ${rank}`);
  }
  return a;
}

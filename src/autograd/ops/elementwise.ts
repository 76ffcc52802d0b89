/**
 * Loops shared by the elementwise ops: a unary map and a numpy-broadcasting binary map. Op files
 * pair these forward loops with their own backward; un-broadcasting of gradients is the engine's.
 */
import { checkDtypes } from '../engine.js';
import { broadcastShapes, broadcastStrides, sameShape, shapeSize, stridedOffset, stridesOf } from '../shape.js';
import { Tensor, allocateLike, type Data } from '../tensor.js';

/** y[i] = f(x[i]) into a new buffer of x's dtype. */
export function mapUnary(x: Data, f: (v: number) => number): Data {
  const out = allocateLike(x);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
  return out;
}

/** out[i] = f(a[i], b[i]) for equal-length buffers. */
export function mapBinary(a: Data, b: Data, f: (u: number, v: number) => number): Data {
  const out = allocateLike(a);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i], b[i]);
  return out;
}

/** Lift a plain number to a scalar tensor of `like`'s dtype (so `mul(x, 2)` works). */
export function asTensor(value: Tensor | number, like: Tensor): Tensor {
  return typeof value === 'number' ? Tensor.full([], value, like.dtype) : value;
}

/**
 * The operands of a binary op that takes a number on either side (`sub(1, x)`, `div(x, 2)`): the
 * number becomes a scalar of the other operand's dtype. Two numbers are refused, naming `op`.
 */
export function tensorOperands(op: string, a: Tensor | number, b: Tensor | number): [Tensor, Tensor] {
  if (typeof a !== 'number') return [a, asTensor(b, a)];
  if (typeof b === 'number') throw new Error(`${op}: at least one operand must be a tensor, got the numbers ${a} and ${b}`);
  return [asTensor(a, b), b];
}

/**
 * Broadcasting binary map: out = f(a, b) over the broadcast shape, with fast paths for equal
 * shapes and for b a suffix of a's shape (a bias [C] under [B, T, C], or a scalar).
 */
export function broadcastBinary(op: string, a: Tensor, b: Tensor, f: (u: number, v: number) => number): { data: Data; shape: number[] } {
  checkDtypes(op, [a, b]);
  const shape = broadcastShapes(op, a.shape, b.shape);
  if (sameShape(a.shape, b.shape)) return { data: mapBinary(a.data, b.data, f), shape };
  const out = allocateLike(a.data, shapeSize(shape));
  const ad = a.data;
  const bd = b.data;
  if (sameShape(shape, a.shape) && isSuffix(b.shape, shape)) {
    const inner = bd.length;
    for (let i = 0; i < out.length; i++) out[i] = f(ad[i], bd[i % inner]);
    return { data: out, shape };
  }
  const outStrides = stridesOf(shape);
  const aStrides = broadcastStrides(a.shape, shape);
  const bStrides = broadcastStrides(b.shape, shape);
  for (let i = 0; i < out.length; i++) out[i] = f(ad[stridedOffset(i, outStrides, aStrides)], bd[stridedOffset(i, outStrides, bStrides)]);
  return { data: out, shape };
}

/**
 * Read `x` (shape `inShape`) at every position of the broadcast shape `outShape`: the forward of an
 * implicit broadcast, used where an op needs an input expanded to the output's shape.
 */
export function expandTo(x: Data, inShape: readonly number[], outShape: readonly number[]): Data {
  if (sameShape(inShape, outShape)) return x;
  const out = allocateLike(x, shapeSize(outShape));
  const outStrides = stridesOf(outShape);
  const inStrides = broadcastStrides(inShape, outShape);
  for (let i = 0; i < out.length; i++) out[i] = x[stridedOffset(i, outStrides, inStrides)];
  return out;
}

/** Whether `small` equals the trailing dimensions of `big`. */
export function isSuffix(small: readonly number[], big: readonly number[]): boolean {
  if (small.length > big.length) return false;
  const offset = big.length - small.length;
  return small.every((d, i) => d === big[offset + i]);
}

/**
 * Tensor: contiguous row-major storage, a shape, and the autograd bookkeeping.
 *
 * `Float32Array` is the training dtype; `Float64Array` is used by the gradient checks. There are no
 * views or strides: every op writes a fresh contiguous buffer, except `reshape`, which shares its
 * input's (safe: only the optimiser writes in place, on weights, between steps). A tensor produced
 * by an op while gradients are recorded carries a `node` (the op's name, its inputs and its
 * backward closure); leaves created by the user carry none. After `backward`, leaves with
 * `requiresGrad` hold `grad`.
 */
import { shapeSize, formatShape } from './shape.js';

export type DType = 'float32' | 'float64';
export type Data = Float32Array | Float64Array;
export type Shape = readonly number[];

/**
 * Backward closure of one op: given dL/dOut (in the output's shape), return dL/dInput for each
 * input, or null where an input needs no gradient. For ops marked `broadcast`, each returned
 * gradient is in the output's shape and the engine sums it down to the input's shape.
 */
export type BackwardFn = (dOut: Data) => (Data | null)[];

export interface GraphNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  readonly backward: BackwardFn;
  readonly broadcast: boolean;
}

export class Tensor {
  readonly data: Data;
  readonly shape: Shape;
  requiresGrad: boolean;
  grad: Data | null = null;
  readonly node: GraphNode | null;

  constructor(data: Data, shape: Shape, options: { requiresGrad?: boolean; node?: GraphNode | null } = {}) {
    const size = shapeSize(shape);
    if (data.length !== size) {
      throw new Error(`Tensor: data length ${data.length} does not match shape ${formatShape(shape)} (size ${size})`);
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.node = options.node ?? null;
    this.requiresGrad = options.requiresGrad ?? this.node !== null;
  }

  get dtype(): DType {
    return this.data instanceof Float64Array ? 'float64' : 'float32';
  }

  get size(): number {
    return this.data.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new Error(`item: tensor of shape ${formatShape(this.shape)} has ${this.size} elements, expected 1`);
    return this.data[0];
  }

  /** A new leaf sharing nothing with this tensor's graph (same values, copied). */
  detach(): Tensor {
    return new Tensor(this.data.slice(), this.shape);
  }

  toString(): string {
    return `Tensor(${formatShape(this.shape)}, ${this.dtype}${this.node ? `, op=${this.node.op}` : ''})`;
  }

  static zeros(shape: Shape, dtype: DType = 'float32', requiresGrad = false): Tensor {
    return new Tensor(allocate(dtype, shapeSize(shape)), shape, { requiresGrad });
  }

  static full(shape: Shape, value: number, dtype: DType = 'float32'): Tensor {
    return new Tensor(allocate(dtype, shapeSize(shape)).fill(value), shape);
  }

  static scalar(value: number, dtype: DType = 'float32'): Tensor {
    return Tensor.full([], value, dtype);
  }

  /** A leaf from flat values and a shape (values are copied into a buffer of `dtype`). */
  static from(values: ArrayLike<number>, shape: Shape, dtype: DType = 'float32', requiresGrad = false): Tensor {
    const data = allocate(dtype, values.length);
    data.set(values);
    return new Tensor(data, shape, { requiresGrad });
  }
}

/** A zero-filled buffer of the given dtype. */
export function allocate(dtype: DType, size: number): Data {
  return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
}

/** A zero-filled buffer of the same dtype as `like`. */
export function allocateLike(like: Data, size: number = like.length): Data {
  return like instanceof Float64Array ? new Float64Array(size) : new Float32Array(size);
}

/**
 * Seeded weight initialisers with Keras's definitions (`keras.initializers`). Every sample is drawn
 * from the caller's `Rng`, in row-major order, so one seed reproduces a model bit for bit.
 *
 * Fans follow Keras's `compute_fans`: a matrix [in, out] has fanIn = in, fanOut = out; a kernel
 * [K, Cin, Cout] (Conv1D) has fanIn = K·Cin, fanOut = K·Cout (the receptive field times channels).
 */
import { Tensor, shapeSize, type DType, type Rng, type Shape } from '../autograd/index.js';

/** Keras `compute_fans(shape)` → [fanIn, fanOut]. */
export function computeFans(shape: Shape): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  const receptiveField = shapeSize(shape.slice(0, -2));
  return [shape[shape.length - 2] * receptiveField, shape[shape.length - 1] * receptiveField];
}

/**
 * Glorot (Xavier) uniform, `keras.initializers.GlorotUniform`: w ~ U[-limit, limit) with
 * limit = √(6 / (fanIn + fanOut)).
 */
export function glorotUniform(shape: Shape, rng: Rng, dtype: DType = 'float32'): Tensor {
  const [fanIn, fanOut] = computeFans(shape);
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const w = Tensor.zeros(shape, dtype, true);
  for (let i = 0; i < w.size; i++) w.data[i] = rng.uniform(-limit, limit);
  return w;
}

/**
 * Orthogonal, `keras.initializers.Orthogonal(gain)`: for shape [..., cols] with rows = Π(other
 * dims), draw A ~ N(0, 1) of shape [max(rows, cols), min(rows, cols)], take its reduced QR
 * decomposition A = Q·R, fix the signs so that diag(R) > 0 (Keras multiplies Q by sign(diag R)),
 * transpose Q when rows < cols, and scale by `gain`. The result has orthonormal rows (or columns).
 * Q is computed by modified Gram-Schmidt run twice ("twice is enough"), which yields exactly the
 * sign-corrected Q (the QR factorisation with positive diag R is unique).
 * For the LSTM's recurrent kernel [U, 4U]: A is [4U, U] and the kernel is Qᵀ, whose U rows are orthonormal.
 */
export function orthogonal(shape: Shape, rng: Rng, dtype: DType = 'float32', gain = 1): Tensor {
  if (shape.length < 2) throw new Error(`orthogonal: needs a shape of rank >= 2, got [${shape.join(', ')}]`);
  const cols = shape[shape.length - 1];
  const rows = shapeSize(shape) / cols;
  const n = Math.max(rows, cols);
  const k = Math.min(rows, cols);
  // a[i·k + j]: the [n, k] normal matrix, drawn row-major like Keras's random.normal(flat_shape).
  const a = new Float64Array(n * k);
  for (let i = 0; i < a.length; i++) a[i] = rng.normal();
  const q = gramSchmidtColumns(a, n, k);
  const w = Tensor.zeros(shape, dtype, true);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      // Q is [n, k]; when rows < cols the result is Qᵀ, [k, n] = [rows, cols].
      const target = rows >= cols ? i * k + j : j * n + i;
      w.data[target] = gain * q[i * k + j];
    }
  }
  return w;
}

/** Orthonormalise the k columns of the row-major [n, k] matrix `a` (n >= k) in order. */
function gramSchmidtColumns(a: Float64Array, n: number, k: number): Float64Array {
  const q = a.slice();
  for (let j = 0; j < k; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < j; p++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += q[i * k + p] * q[i * k + j];
        for (let i = 0; i < n; i++) q[i * k + j] -= dot * q[i * k + p];
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += q[i * k + j] * q[i * k + j];
    norm = Math.sqrt(norm);
    if (norm === 0) throw new Error('orthogonal: the random matrix is rank deficient (draw again with another seed)');
    for (let i = 0; i < n; i++) q[i * k + j] /= norm;
  }
  return q;
}

/** All zeros (`keras.initializers.Zeros`), a trainable leaf. */
export function zeros(shape: Shape, dtype: DType = 'float32'): Tensor {
  return Tensor.zeros(shape, dtype, true);
}

/** All ones (`keras.initializers.Ones`), a trainable leaf. */
export function ones(shape: Shape, dtype: DType = 'float32'): Tensor {
  const w = Tensor.full(shape, 1, dtype);
  w.requiresGrad = true;
  return w;
}

/**
 * The backend seam: the hot kernels whose implementation differs between CPU and GPU (matmul, the
 * convolution and the LSTM recurrence, forward and backward). Everything else in the autograd is plain TypeScript. The reference backend is always present and is what
 * every faster backend is tested against (`test/autograd/backend.test.ts`).
 */
import type { Data } from '../tensor.js';
import { referenceBackend } from './reference.js';

/**
 * The geometry of a 1-D convolution in Keras layout (x [B, T, Cin], w [K, Cin, Cout],
 * y [B, Tout, Cout]): `length` T, `channels` Cin, `kernel` K, `filters` Cout, and
 *   y[b, t, o] = Σ_k Σ_c x[b, t·stride + k − padBefore, c] · w[k, c, o]   (x = 0 outside [0, T)),
 * with 0 <= padBefore < K (TensorFlow's 'valid' and 'same' rules, `convGeometry`).
 */
export interface Conv1dShape {
  batch: number;
  length: number;
  channels: number;
  kernel: number;
  filters: number;
  stride: number;
  padBefore: number;
  outLength: number;
}

/** Gradients `conv1dBackward` overwrites; null where one is not wanted. */
export interface Conv1dGrads {
  dx: Data | null;
  dw: Data | null;
  dbias: Data | null;
}

/** The sizes of one LSTM layer: x [B, T, F], W [F, 4U], Uh [U, 4U], b [4U]. */
export interface LstmShape {
  batch: number;
  steps: number;
  features: number;
  units: number;
}

/**
 * What `lstmForward` writes and `lstmBackward` reads, every buffer with rows ordered b·T + t:
 * the activated gates i, f, g, o [B·T, 4U], c_t, tanh(c_t) and h_t [B·T, U], and
 * h̃_{t-1} = h_{t-1} ⊙ sh [B·T, U] (0 at t = 0), the left operand of the recurrent product.
 */
export interface LstmCache {
  gates: Data;
  cells: Data;
  cellTanh: Data;
  hidden: Data;
  hMasked: Data;
}

/** Gradients `lstmBackward` overwrites; null where one is not wanted. */
export interface LstmGrads {
  dx: Data | null;
  dw: Data | null;
  du: Data | null;
  dbias: Data | null;
}

export interface Backend {
  readonly name: string;
  /**
   * C = op(A) · op(B), overwriting `c` ([m, n], row-major).
   * op(A) is [m, k]: A stored [m, k], or with `transA` A stored [k, m] and read transposed.
   * op(B) is [k, n]: B stored [k, n], or with `transB` B stored [n, k] and read transposed.
   * The transposed variants let backward passes (dA = dC·Bᵀ, dB = Aᵀ·dC) run without copies.
   */
  matmul(a: Data, b: Data, c: Data, m: number, k: number, n: number, transA?: boolean, transB?: boolean): void;
  /**
   * y = act(conv(x, w) + bias) over `g` (see `Conv1dShape`), overwriting y [B, Tout, Cout]; bias [Cout]
   * or null, act = relu (max(z, 0), NaN kept) when `relu`, else identity.
   */
  conv1d(x: Data, w: Data, bias: Data | null, relu: boolean, y: Data, g: Conv1dShape): void;
  /**
   * The gradients of `conv1d` from dy [B, Tout, Cout]: with dz = dy ⊙ [y > 0] when `relu` (y being
   * the forward's output) else dz = dy, writes dx = ∂/∂x, dw = ∂/∂w and dbias[o] = Σ_{b,t} dz[b, t, o]
   * into the non-null buffers of `grads`.
   */
  conv1dBackward(x: Data, w: Data, y: Data | null, dy: Data, relu: boolean, g: Conv1dShape, grads: Conv1dGrads): void;
  /**
   * One LSTM layer over all T steps (Keras gate order i, f, c, o), from h_{-1} = c_{-1} = 0:
   *   z_t = x_t·W + h̃_{t-1}·Uh + b,  h̃_{t-1} = h_{t-1} ⊙ sh;  i, f, o = σ(z_i, z_f, z_o);  g = tanh(z_c)
   *   c_t = f ⊙ c_{t-1} + i ⊙ g;  h_t = o ⊙ tanh(c_t)
   * x [B·T, F] (rows b·T + t, any input dropout already applied), recurrentScale sh [B, U] (the
   * recurrent dropout mask scaled by 1/(1 - rate); null = none). Overwrites every buffer of `cache`.
   */
  lstmForward(x: Data, w: Data, u: Data, bias: Data, recurrentScale: Data | null, g: LstmShape, cache: LstmCache): void;
  /**
   * Backpropagation through time for `lstmForward`. dy is dL/dh: [B·T, U] when `returnSequences`,
   * else [B, U] for the last step only. For t = T-1 … 0, with dh = dy_t + dh̃_{t+1} ⊙ sh and dc
   * carried back (both 0 after the last step):
   *   dc += dh ⊙ o ⊙ (1 - tanh²(c_t));  dz_i = dc ⊙ g ⊙ i(1-i);  dz_f = dc ⊙ c_{t-1} ⊙ f(1-f)
   *   dz_c = dc ⊙ i ⊙ (1-g²);  dz_o = dh ⊙ tanh(c_t) ⊙ o(1-o);  dc ← dc ⊙ f;  dh̃_t = dz_t·Uhᵀ
   * then, with dZ [B·T, 4U]: dw = xᵀ·dZ, du = h̃ᵀ·dZ, dbias = Σ_rows dZ, dx = dZ·Wᵀ, written into
   * the non-null buffers of `grads` (dx before any input dropout mask).
   */
  lstmBackward(dy: Data, returnSequences: boolean, x: Data, w: Data, u: Data, recurrentScale: Data | null, g: LstmShape, cache: LstmCache, grads: LstmGrads): void;
}

let current: Backend = referenceBackend;

export function getBackend(): Backend {
  return current;
}

/** Select the backend used by every op from now on. */
export function setBackend(backend: Backend): void {
  current = backend;
}

/** Run `fn` with `backend` selected, restoring the previous one afterwards. */
export function withBackend<T>(backend: Backend, fn: () => T): T {
  const previous = current;
  current = backend;
  try {
    return fn();
  } finally {
    current = previous;
  }
}

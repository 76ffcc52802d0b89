/**
 * The backend seam: the hot kernels whose implementation differs between CPU and GPU (matmul, the
 * convolution, the LSTM recurrence and the paper's max-pooling, forward and backward). Everything
 * else in the autograd is plain TypeScript. The reference backend is always present and is what
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

/** The sizes of one LSTM layer (ops/lstm.ts): x [B, T, F], W [F, 4U], Uh [U, 4U], b [4U]. */
export interface LstmShape {
  batch: number;
  steps: number;
  features: number;
  units: number;
}

/**
 * What `lstmForward` writes and `lstmBackward` reads, in the notation of ops/lstm.ts, every
 * buffer with rows ordered b·T + t: the activated gates i, f, g, o [B·T, 4U], c_t, tanh(c_t) and
 * h_t [B·T, U], and h̃_{t−1} [B·T, U] (0 at t = 0), the left operand of the recurrent product.
 */
export interface LstmCache {
  gates: Data;
  cells: Data;
  cellTanh: Data;
  hidden: Data;
  hMasked: Data;
}

/**
 * The sizes of the paper's max-pooling (ops/maxpool1d.ts: pool 2, stride 2, no padding before):
 * x [B, T, C] → y [B, Tout, C], `batch` B, `length` T, `channels` C, and `outLength` Tout =
 * ⌈T/2⌉ ('same': an odd T's last window holds frame T − 1 alone) or ⌊T/2⌋ ('valid': it is dropped).
 */
export interface PoolShape {
  batch: number;
  length: number;
  channels: number;
  outLength: number;
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
   * The forward of the LSTM recurrence, equations (1)–(5) of ops/lstm.ts over all T steps, from
   * x = x̃ [B·T, F] (rows b·T + t, the input mask already applied) and recurrentScale = sh [B, U]
   * (null: no recurrent dropout). Overwrites every buffer of `cache`.
   */
  lstmForward(x: Data, w: Data, u: Data, bias: Data, recurrentScale: Data | null, g: LstmShape, cache: LstmCache): void;
  /**
   * Backpropagation through time for `lstmForward`, equations (6)–(9) of ops/lstm.ts, from
   * dy = dL/dh: [B·T, U] when `returnSequences`, else [B, U] for the last step only. Writes the
   * non-null buffers of `grads`, dx = dZ·Wᵀ before the input mask (the op applies it).
   */
  lstmBackward(dy: Data, returnSequences: boolean, x: Data, w: Data, u: Data, recurrentScale: Data | null, g: LstmShape, cache: LstmCache, grads: LstmGrads): void;
  /**
   * The paper's max-pooling over `g`: y[b, t, c] = x[b, 2t + 1, c] where x[b, 2t + 1, c] >
   * x[b, 2t, c] (then second = 0xFF), else x[b, 2t, c] (second = 0; also on ties, NaN and a
   * window of frame T − 1 alone). Overwrites y and second [B, Tout, C].
   */
  maxPoolPairs(x: Data, y: Data, second: Uint8Array, g: PoolShape): void;
  /**
   * The gradient of `maxPoolPairs`: dx[b, 2t + 1, c] = dy[b, t, c] where second is 0xFF,
   * dx[b, 2t, c] = dy[b, t, c] where it is 0, every other element 0. Overwrites dx [B, T, C].
   */
  maxPoolPairsBackward(dy: Data, second: Uint8Array, dx: Data, g: PoolShape): void;
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

/**
 * Adam (Kingma & Ba, https://arxiv.org/abs/1412.6980) exactly as Keras 3 computes it
 * (keras/src/optimizers/adam.py, `update_step`), with Keras's defaults lr 1e-3, β1 0.9, β2 0.999,
 * ε 1e-7. For step t = iterations + 1 and every weight w with gradient g:
 *
 *   α = lr · √(1 - β2ᵗ) / (1 - β1ᵗ)          (both bias corrections folded into the step size)
 *   m ← m + (g - m)·(1 - β1)                 (= β1·m + (1 - β1)·g)
 *   v ← v + (g² - v)·(1 - β2)                (= β2·v + (1 - β2)·g²)
 *   w ← w - α · m / (√v + ε)
 *
 * ε is added to √v of the *uncorrected* v ("epsilon hat" of the paper's section 2): the same update
 * as lr·m̂/(√v̂ + ε/√(1 - β2ᵗ)). tfjs's `tf.train.adam` instead adds ε to √v̂; the two agree to within
 * float32 rounding unless |g| is near ε.
 *
 * `clipNorm` is Keras's `global_clipnorm`: with N = √(Σ over all weights of Σ g²), every gradient is
 * scaled by clipNorm / max(N, clipNorm) before the update.
 * m and v are kept in each weight's dtype; `state()` / `loadState()` export and restore them with
 * the step count, for checkpoints that resume bit for bit.
 */
import { allocateLike, formatShape, type Data, type Tensor } from '../../autograd/index.js';

export interface AdamConfig {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Global gradient-norm clipping threshold, or null for none. */
  clipNorm: number | null;
}

export interface AdamState {
  /** Number of updates applied so far (Keras's `optimizer.iterations`). */
  iterations: number;
  /** First and second moments, one buffer per weight in the order the weights are passed to `step`. */
  m: Data[];
  v: Data[];
}

/** N = √(Σ over all weights of Σ g²), the norm `clipNorm` compares with (weights without a gradient count 0). */
export function globalGradientNorm(weights: readonly Tensor[]): number {
  let squares = 0;
  for (const w of weights) if (w.grad) for (const g of w.grad) squares += g * g;
  return Math.sqrt(squares);
}

export class Adam {
  readonly config: AdamConfig;
  iterations = 0;
  private m: Data[] | null = null;
  private v: Data[] | null = null;

  constructor(options: Partial<AdamConfig> = {}) {
    this.config = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, clipNorm: null, ...options };
    const { learningRate, beta1, beta2, epsilon, clipNorm } = this.config;
    if (!(learningRate > 0)) throw new Error(`Adam: learningRate must be > 0, got ${learningRate}`);
    if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) throw new Error(`Adam: beta1 and beta2 must be in [0, 1), got ${beta1}, ${beta2}`);
    if (!(epsilon >= 0)) throw new Error(`Adam: epsilon must be >= 0, got ${epsilon}`);
    if (clipNorm !== null && !(clipNorm > 0)) throw new Error(`Adam: clipNorm must be > 0 or null, got ${clipNorm}`);
  }

  /**
   * One update of every weight from its `grad` (weights without a gradient are left alone, as Keras
   * skips variables whose gradient is None). `norm` is their global gradient norm, computed here
   * unless the caller has it already. Returns that norm (before clipping).
   */
  step(weights: readonly Tensor[], norm = globalGradientNorm(weights)): number {
    this.ensureMoments(weights);
    const m = this.m!;
    const v = this.v!;
    const { learningRate, beta1, beta2, epsilon, clipNorm } = this.config;

    const scale = clipNorm !== null && norm > clipNorm ? clipNorm / norm : 1;

    const t = this.iterations + 1;
    const alpha = (learningRate * Math.sqrt(1 - Math.pow(beta2, t))) / (1 - Math.pow(beta1, t));
    weights.forEach((w, k) => {
      const dW = w.grad;
      if (dW === null) return;
      const mk = m[k];
      const vk = v[k];
      const wd = w.data;
      for (let i = 0; i < wd.length; i++) {
        const g = dW[i] * scale;
        mk[i] += (g - mk[i]) * (1 - beta1);
        vk[i] += (g * g - vk[i]) * (1 - beta2);
        wd[i] -= (alpha * mk[i]) / (Math.sqrt(vk[i]) + epsilon);
      }
    });
    this.iterations = t;
    return norm;
  }

  /** A copy of the moments and step count (null moments before the first step). */
  state(): AdamState {
    return { iterations: this.iterations, m: (this.m ?? []).map((d) => d.slice()), v: (this.v ?? []).map((d) => d.slice()) };
  }

  /** Restore `state()`; the moments are copied and checked against the weights at the next step. */
  loadState(state: AdamState): void {
    if (state.m.length !== state.v.length) throw new Error(`Adam.loadState: ${state.m.length} first moments but ${state.v.length} second moments`);
    if (!(Number.isInteger(state.iterations) && state.iterations >= 0)) throw new Error(`Adam.loadState: iterations must be a non-negative integer, got ${state.iterations}`);
    this.iterations = state.iterations;
    this.m = state.m.length > 0 ? state.m.map((d) => d.slice()) : null;
    this.v = state.v.length > 0 ? state.v.map((d) => d.slice()) : null;
  }

  private ensureMoments(weights: readonly Tensor[]): void {
    if (this.m === null || this.v === null) {
      this.m = weights.map((w) => allocateLike(w.data));
      this.v = weights.map((w) => allocateLike(w.data));
      return;
    }
    const m = this.m;
    if (m.length !== weights.length || weights.some((w, k) => m[k].length !== w.size || m[k].constructor !== w.data.constructor)) {
      throw new Error(
        `Adam: moments for ${m.length} weights (sizes ${m.map((d) => d.length).join(', ')}) do not fit the ${weights.length} weights ` +
          `${weights.map((w) => `${w.dtype}${formatShape(w.shape)}`).join(', ')}`,
      );
    }
  }
}

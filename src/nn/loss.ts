/**
 * Losses and weight penalties with Keras semantics. Labels are sparse class indices (Keras
 * `sparse_categorical_crossentropy`); every loss is the mean over the batch (Keras's
 * "sum_over_batch_size" reduction).
 *
 *   softmaxCrossEntropy(z, y)        = -(1/B) Σ_b logSoftmax(z_b)[y_b]           (from logits)
 *   softTargetCrossEntropy(z, ỹ)     = -(1/B) Σ_b Σ_k ỹ[b, k]·logSoftmax(z_b)[k]  (soft targets)
 *   crossEntropyFromProbabilities    = -(1/B) Σ_b ln clip(p_b[y_b] / Σ_c p_b[c], ε, 1-ε), ε = 1e-7
 *   Regularizer(l1, l2).penalty(w)   = l1·Σ|w| + l2·Σw²   (`keras.regularizers.L1L2`)
 *
 * Shapes: logits / probabilities [B, C], labels [B] → a scalar tensor.
 * The logits form is the stable one (log-sum-exp with the max subtracted); Keras's TensorFlow backend
 * also routes a softmax output through its logits, which is what our models do: their last layer
 * outputs logits, `Sequential.predict` applies the softmax.
 */
import { abs, add, div, logSoftmax, log, mul, pow, relu, sub, sum, Tensor, allocate, formatShape } from '../autograd/index.js';

export type Labels = ArrayLike<number>;

/** Keras's `backend.epsilon()`, the clip bound of the probability cross-entropy. */
export const EPSILON = 1e-7;

/** A constant [B, C] tensor with 1 at (b, labels[b]); throws on a label outside [0, C). */
export function oneHot(labels: Labels, classes: number, like: Tensor): Tensor {
  const data = allocate(like.dtype, labels.length * classes);
  for (let b = 0; b < labels.length; b++) {
    const y = labels[b];
    if (!Number.isInteger(y) || y < 0 || y >= classes) throw new Error(`oneHot: label ${y} at index ${b} is not a class index in [0, ${classes})`);
    data[b * classes + y] = 1;
  }
  return new Tensor(data, [labels.length, classes]);
}

function checkBatch(loss: string, x: Tensor, labels: Labels): void {
  if (x.rank !== 2 || x.shape[0] !== labels.length) {
    throw new Error(`${loss}: expects [B, C] with B = ${labels.length} labels, got ${formatShape(x.shape)}`);
  }
}

/** Mean softmax cross-entropy from logits [B, C] (`from_logits=True`): the soft-target form with one-hot targets. */
export function softmaxCrossEntropy(logits: Tensor, labels: Labels): Tensor {
  checkBatch('softmaxCrossEntropy', logits, labels);
  return softTargetCrossEntropy(logits, oneHot(labels, logits.shape[1], logits));
}

/**
 * Mean cross-entropy of soft targets ỹ [B, C] (rows summing to 1) against logits z [B, C]:
 * −(1/B) Σ_b Σ_k ỹ[b, k]·logSoftmax(z_b)[k] (`categorical_crossentropy(from_logits=True)`).
 */
export function softTargetCrossEntropy(logits: Tensor, targets: Tensor): Tensor {
  if (logits.rank !== 2 || targets.rank !== 2 || logits.shape[0] !== targets.shape[0] || logits.shape[1] !== targets.shape[1]) {
    throw new Error(`softTargetCrossEntropy: expects logits and targets [B, C] of one shape, got ${formatShape(logits.shape)} and ${formatShape(targets.shape)}`);
  }
  return mul(sum(mul(logSoftmax(logits), targets)), -1 / logits.shape[0]);
}

/**
 * Mean cross-entropy from probabilities [B, C] (`from_logits=False`): rows are renormalised to sum
 * to 1 and clipped to [ε, 1 - ε] before the log, as Keras does, so a zero probability costs
 * -ln ε ≈ 16.1 instead of infinity.
 */
export function crossEntropyFromProbabilities(probabilities: Tensor, labels: Labels, epsilon = EPSILON): Tensor {
  checkBatch('crossEntropyFromProbabilities', probabilities, labels);
  const normalised = div(probabilities, sum(probabilities, 1, true));
  const picked = sum(mul(normalised, oneHot(labels, probabilities.shape[1], probabilities)), 1);
  return mul(sum(log(clip(picked, epsilon, 1 - epsilon))), -1 / labels.length);
}

/** clip(x, lo, hi) = lo + relu(x - lo) - relu(x - hi): gradient 1 inside (lo, hi), 0 outside. */
export function clip(x: Tensor, lo: number, hi: number): Tensor {
  return sub(add(relu(sub(x, lo)), lo), relu(sub(x, hi)));
}

/** Number of rows whose largest entry (first one on ties, as argmax) is at the label. */
export function countCorrect(outputs: Tensor, labels: Labels): number {
  checkBatch('countCorrect', outputs, labels);
  const classes = outputs.shape[1];
  let correct = 0;
  for (let b = 0; b < labels.length; b++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (outputs.data[b * classes + c] > outputs.data[b * classes + best]) best = c;
    if (best === labels[b]) correct++;
  }
  return correct;
}

export interface RegularizerConfig {
  l1: number;
  l2: number;
}

/**
 * Weight penalty added to the training loss, `keras.regularizers.L1L2(l1, l2)`:
 * penalty(w) = l1·Σ|w| + l2·Σw² (no ½, no division by the batch size). Its gradient,
 * l1·sign(w) + 2·l2·w, comes from the ops.
 */
export class Regularizer {
  readonly l1: number;
  readonly l2: number;

  constructor({ l1 = 0, l2 = 0 }: Partial<RegularizerConfig> = {}) {
    if (!(l1 >= 0 && l2 >= 0)) throw new Error(`Regularizer: l1 and l2 must be >= 0, got l1 ${l1}, l2 ${l2}`);
    this.l1 = l1;
    this.l2 = l2;
  }

  penalty(w: Tensor): Tensor {
    const terms: Tensor[] = [];
    if (this.l1 > 0) terms.push(mul(sum(abs(w)), this.l1));
    if (this.l2 > 0) terms.push(mul(sum(pow(w, 2)), this.l2));
    if (terms.length === 0) return mul(sum(w), 0);
    return terms.length === 1 ? terms[0] : add(terms[0], terms[1]);
  }

  getConfig(): RegularizerConfig {
    return { l1: this.l1, l2: this.l2 };
  }
}

/** `keras.regularizers.L1(l1)`. */
export function l1(value: number): Regularizer {
  return new Regularizer({ l1: value });
}

/** `keras.regularizers.L2(l2)`. */
export function l2(value: number): Regularizer {
  return new Regularizer({ l2: value });
}

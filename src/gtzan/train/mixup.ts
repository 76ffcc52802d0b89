/**
 * Mixup (Zhang, Cissé, Dauphin & Lopez-Paz 2018, "mixup: Beyond Empirical Risk Minimization") for
 * segment training: every batch is blended with a shuffled copy of itself, labels included, which
 * smooths the decision boundary between classes; a strong regulariser for small data sets.
 *
 * Per batch of B segments x [B, S, F] with labels y [B], drawing everything from the model's Rng:
 *   λ ~ Beta(α, α);  π = a random permutation of the batch
 *   x̃ = λ·x + (1 − λ)·x[π];   ỹ = λ·onehot(y) + (1 − λ)·onehot(y[π])              ỹ [B, C]
 *   loss = −(1/B) Σ_b Σ_k ỹ[b, k]·logSoftmax(z_b)[k] + Σ penalties,  z = model(x̃) logits [B, C]
 *          (`softTargetCrossEntropy`, in the one training step of nn/train.ts)
 * The blend acts on z-scored feature frames, not on audio: x̃ is not the features of mixed audio
 * (they are nonlinear in it), but a point between two training examples in feature space, which is
 * what mixup asks for. Keras has no built-in equivalent (it is a data-pipeline step there).
 * Reported accuracy counts a segment as right when the argmax is the label of its larger share.
 */
import { Tensor, type Rng } from '../../autograd/index.js';
import type { Epoch } from '../../nn/index.js';

/** Γ(shape, 1) by Marsaglia & Tsang (2000); shape < 1 through Γ(shape + 1)·U^(1/shape). */
export function sampleGamma(rng: Rng, shape: number): number {
  if (!(shape > 0)) throw new Error(`sampleGamma: shape must be > 0, got ${shape}`);
  if (shape < 1) {
    const u = 1 - rng.next();
    return sampleGamma(rng, shape + 1) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = rng.normal();
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Beta(α, α) = X / (X + Y) with X, Y ~ Γ(α, 1). */
export function sampleSymmetricBeta(rng: Rng, alpha: number): number {
  const x = sampleGamma(rng, alpha);
  const y = sampleGamma(rng, alpha);
  return x / (x + y);
}

/**
 * The batch transform: samples x [N, S, F] with labels [N] as an epoch whose every batch is blended
 * with a shuffled copy of itself (see the file header), drawing π, then λ, from the run's Rng. The
 * batch's labels are those of each sample's larger share (what accuracy counts), its soft targets
 * the blended one-hot labels (what the loss uses).
 */
export function mixupSamples(x: Tensor, labels: ArrayLike<number>, nClasses: number, alpha: number): Epoch {
  const count = labels.length;
  const width = x.size / count;
  return {
    count,
    batch: (rows, rng) => {
      const partners = rng.shuffle([...rows]);
      const lambda = sampleSymmetricBeta(rng, alpha);
      const mixed = new Float32Array(rows.length * width);
      const targets = new Float32Array(rows.length * nClasses);
      const dominant = rows.map((row, i) => {
        const a = x.data.subarray(row * width, (row + 1) * width);
        const p = x.data.subarray(partners[i] * width, (partners[i] + 1) * width);
        for (let j = 0; j < width; j++) mixed[i * width + j] = lambda * a[j] + (1 - lambda) * p[j];
        targets[i * nClasses + labels[row]] += lambda;
        targets[i * nClasses + labels[partners[i]]] += 1 - lambda;
        return lambda >= 0.5 ? labels[row] : labels[partners[i]];
      });
      return { x: new Tensor(mixed, [rows.length, ...x.shape.slice(1)]), labels: dominant, targets: new Tensor(targets, [rows.length, nClasses]) };
    },
  };
}

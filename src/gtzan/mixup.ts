/**
 * Mixup (Zhang, Cissé, Dauphin & Lopez-Paz 2018, "mixup: Beyond Empirical Risk Minimization") for
 * segment training: every batch is blended with a shuffled copy of itself, labels included, which
 * smooths the decision boundary between classes; a strong regulariser for small data sets.
 *
 * Per batch of B segments x [B, S, F] with labels y [B], drawing everything from the model's Rng:
 *   λ ~ Beta(α, α);  π = a random permutation of the batch
 *   x̃ = λ·x + (1 − λ)·x[π];   ỹ = λ·onehot(y) + (1 − λ)·onehot(y[π])              ỹ [B, C]
 *   loss = −(1/B) Σ_b Σ_k ỹ[b, k]·logSoftmax(z_b)[k] + Σ penalties,  z = model(x̃) logits [B, C]
 * The blend acts on z-scored feature frames, not on audio: x̃ is not the features of mixed audio
 * (they are nonlinear in it), but a point between two training examples in feature space, which is
 * what mixup asks for. Keras has no built-in equivalent (it is a data-pipeline step there).
 * Reported accuracy counts a segment as right when the argmax is the label of its larger share.
 */
import { Tensor, add, backward, logSoftmax, mul, sum, type Rng } from '../autograd/index.js';
import { NonFiniteLossError, type BatchLog, type EpochLog, type Sequential } from '../nn/index.js';

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

export interface MixupEpochOptions {
  /** α of the Beta(α, α) the blend weight is drawn from. */
  alpha: number;
  batchSize: number;
  signal?: AbortSignal;
  onBatchEnd?: (log: BatchLog) => void;
}

/**
 * One training epoch with mixup (see the file header), the model's epoch counter moved on at the
 * end; null when `signal` stopped it before the epoch was complete. x [N, S, F], labels [N].
 */
export function mixupEpoch(model: Sequential, x: Tensor, labels: Int32Array, nClasses: number, options: MixupEpochOptions): EpochLog | null {
  if (model.output !== 'logits') throw new Error(`mixup needs a model that outputs logits; '${model.name}' ends in a softmax`);
  const { alpha, batchSize, signal, onBatchEnd } = options;
  const started = performance.now();
  const epoch = model.epoch;
  const rng = model.rng;
  const count = labels.length;
  const width = x.size / count;
  const order = rng.shuffle(Array.from({ length: count }, (_, i) => i));
  const batches = Math.ceil(count / batchSize);
  let lossSum = 0;
  let correct = 0;
  for (let b = 0; b < batches; b++) {
    if (signal?.aborted) return null;
    const rows = order.slice(b * batchSize, (b + 1) * batchSize);
    const partners = rng.shuffle([...rows]);
    const lambda = sampleSymmetricBeta(rng, alpha);
    const mixed = new Float32Array(rows.length * width);
    const targets = new Float32Array(rows.length * nClasses);
    rows.forEach((row, i) => {
      const a = x.data.subarray(row * width, (row + 1) * width);
      const p = x.data.subarray(partners[i] * width, (partners[i] + 1) * width);
      for (let j = 0; j < width; j++) mixed[i * width + j] = lambda * a[j] + (1 - lambda) * p[j];
      targets[i * nClasses + labels[row]] += lambda;
      targets[i * nClasses + labels[partners[i]]] += 1 - lambda;
    });
    const params = model.params;
    for (const p of params) p.value.grad = null;
    const logits = model.call(new Tensor(mixed, [rows.length, ...x.shape.slice(1)]), { training: true, rng });
    const data = mul(sum(mul(logSoftmax(logits), new Tensor(targets, [rows.length, nClasses]))), -1 / rows.length);
    const penalty = model.regularizationLoss();
    const loss = penalty === null ? data : add(data, penalty);
    const value = loss.item();
    const where = `at epoch ${epoch + 1}, batch ${b + 1}/${batches}; the weights are those before this batch`;
    if (!Number.isFinite(value)) throw new NonFiniteLossError(`Sequential '${model.name}': mixup loss is ${value} ${where}`);
    backward(loss);
    let squares = 0;
    for (const p of params) if (p.value.grad) for (const g of p.value.grad) squares += g * g;
    if (!Number.isFinite(squares)) throw new NonFiniteLossError(`Sequential '${model.name}': mixup gradient norm is ${Math.sqrt(squares)} ${where}`);
    model.optimizer.step(params.map((p) => p.value));
    rows.forEach((row, i) => {
      const dominant = lambda >= 0.5 ? labels[row] : labels[partners[i]];
      let best = 0;
      for (let k = 1; k < nClasses; k++) if (logits.data[i * nClasses + k] > logits.data[i * nClasses + best]) best = k;
      if (best === dominant) correct++;
    });
    lossSum += value * rows.length;
    const seen = Math.min(count, (b + 1) * batchSize);
    onBatchEnd?.({ epoch, batch: b, batches, batchLoss: value, loss: lossSum / seen, accuracy: correct / seen });
  }
  model.epoch = epoch + 1;
  return { epoch, loss: lossSum / count, accuracy: correct / count, seconds: (performance.now() - started) / 1000 };
}

/**
 * An ensemble: K networks of one architecture, trained apart (different seeds), whose class
 * probabilities are averaged, `p(x) = (1/K) Σ_k p_k(x)` with `p_k = members[k].predict(x)`.
 * = averaging the `predict` outputs of K Keras models (what `keras.layers.Average` does to their
 * softmax outputs), summed in float64 and rounded to float32 once.
 *
 * Shapes: x [N, ...sample] -> probabilities [N, C], as `Sequential.predict`.
 */
import { Tensor } from '../autograd/index.js';
import type { Sequential, SequentialConfig } from './sequential.js';
import type { ShapeSpec } from './layer.js';

/** What turns inputs into class probabilities: one network or an ensemble of them. */
export type Predictor = Sequential | Ensemble;

export class Ensemble {
  readonly members: readonly Sequential[];

  /** `members` must be built and share one configuration (layers, shapes, dtype). */
  constructor(members: readonly Sequential[]) {
    if (members.length === 0) throw new Error('Ensemble: needs at least one member');
    const config = JSON.stringify(members[0].getConfig());
    const other = members.findIndex((m) => JSON.stringify(m.getConfig()) !== config);
    if (other >= 0) throw new Error(`Ensemble: member ${other} ('${members[other].name}') is built differently from member 0 ('${members[0].name}')`);
    this.members = [...members];
  }

  /** The members' shared configuration. */
  getConfig(): SequentialConfig {
    return this.members[0].getConfig();
  }

  get outputShape(): ShapeSpec {
    return this.members[0].outputShape;
  }

  /** Weights of all members together. */
  countParams(): number {
    return this.members.reduce((n, m) => n + m.countParams(), 0);
  }

  /** The mean of the members' `predict` probabilities [N, C] (see the file header). */
  predict(x: Tensor, options: { batchSize?: number } = {}): Tensor {
    const outputs = this.members.map((m) => m.predict(x, options));
    const sum = new Float64Array(outputs[0].size);
    for (const p of outputs) for (let i = 0; i < sum.length; i++) sum[i] += p.data[i];
    return new Tensor(Float32Array.from(sum, (s) => s / outputs.length), outputs[0].shape);
  }
}

/**
 * Numeric gradient check in float64: for y = f(x₁, …, xₙ) and a fixed random seed gradient r
 * (so the scalar is L = Σ r ⊙ y), compare the engine's dL/dxᵢ with central differences
 * (L(x + h·eⱼ) - L(x - h·eⱼ)) / 2h, element by element, with `expectClose` semantics
 * `|analytic - numeric| <= atol + rtol·|numeric|`. Failures name the check, the input and the index.
 */
import { Rng, Tensor, backward, noGrad } from '../../src/autograd/index.js';
import type { Layer } from '../../src/nn/index.js';
import { expectClose } from './close.js';

export interface GradCheckOptions {
  h?: number;
  atol?: number;
  rtol?: number;
  seed?: number;
}

/** A float64 leaf that requires grad, filled from `rng` by `sample` (default uniform in [-1, 1]). */
export function param64(shape: number[], rng: Rng, sample: (rng: Rng) => number = (r) => r.uniform(-1, 1)): Tensor {
  const t = Tensor.zeros(shape, 'float64', true);
  for (let i = 0; i < t.size; i++) t.data[i] = sample(rng);
  return t;
}

/** Throws (labelled) unless every input's analytic gradient matches the numeric one. */
export function gradCheck(label: string, f: (...xs: Tensor[]) => Tensor, inputs: Tensor[], options: GradCheckOptions = {}): void {
  const { h = 1e-6, atol = 1e-6, rtol = 1e-4, seed = 1 } = options;
  for (const [i, x] of inputs.entries()) {
    if (x.dtype !== 'float64') throw new Error(`${label}: input ${i} must be float64 for a gradient check, got ${x.dtype}`);
    x.grad = null;
  }
  const y = f(...inputs);
  const rng = new Rng(seed);
  const r = new Float64Array(y.size).map(() => rng.uniform(0.5, 1.5) * (rng.next() < 0.5 ? -1 : 1));
  backward(y, r);

  const loss = (): number =>
    noGrad(() => {
      const out = f(...inputs).data;
      let total = 0;
      for (let j = 0; j < out.length; j++) total += r[j] * out[j];
      return total;
    });

  for (const [i, x] of inputs.entries()) {
    if (!x.requiresGrad) continue;
    const numeric = new Float64Array(x.size);
    for (let j = 0; j < x.size; j++) {
      const saved = x.data[j];
      x.data[j] = saved + h;
      const plus = loss();
      x.data[j] = saved - h;
      const minus = loss();
      x.data[j] = saved;
      numeric[j] = (plus - minus) / (2 * h);
    }
    const analytic = x.grad ?? new Float64Array(x.size);
    expectClose(`${label}: d/d(input ${i}) ${x.shape.length ? `[${x.shape.join(', ')}]` : 'scalar'}`, analytic, numeric, { atol, rtol });
  }
}

/** Build `layer` in float64 for inputs shaped like `x`, randomise every weight from `rng`, and return [x, ...weights]. */
export function layerInputs(layer: Layer, x: Tensor, rng: Rng): Tensor[] {
  layer.build([null, ...x.shape.slice(1)], { dtype: 'float64', rng });
  for (const p of layer.params) for (let i = 0; i < p.value.size; i++) p.value.data[i] = rng.uniform(-0.8, 0.8);
  return [x, ...layer.params.map((p) => p.value)];
}

/**
 * The gradient checks of a layer file: `input` draws float64 inputs from a seeded Rng, and
 * `checkLayer` checks dX and every weight's gradient of `call` (default `layer.apply`), the weights
 * randomised so that a wrong bias gradient cannot hide behind zeros.
 */
export function layerGradChecks(seed: number) {
  const rng = new Rng(seed);
  return {
    rng,
    input: (shape: number[], sample?: (r: Rng) => number) => param64(shape, rng, sample),
    checkLayer: (label: string, layer: Layer, x: Tensor, call: (x: Tensor) => Tensor = (t) => layer.apply(t)) => gradCheck(label, call, layerInputs(layer, x, rng)),
  };
}

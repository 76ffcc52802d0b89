/**
 * Activations by Keras name, applied elementwise (softmax: over the last axis). Composed from the
 * autograd ops, so their gradients come from those ops.
 *   linear: y = x · relu: y = max(x, 0) · tanh · sigmoid: y = 1 / (1 + e⁻ˣ) · softmax: y = eˣ / Σ eˣ
 */
import { relu, sigmoid, softmax, tanh, type Tensor } from '../autograd/index.js';

export type Activation = 'linear' | 'relu' | 'tanh' | 'sigmoid' | 'softmax';

const activations: Record<Activation, (x: Tensor) => Tensor> = {
  linear: (x) => x,
  relu,
  tanh,
  sigmoid,
  softmax,
};

export function activate(name: Activation, x: Tensor): Tensor {
  return activations[name](x);
}

/** Throws naming `owner` unless `name` is a known activation. */
export function checkActivation(owner: string, name: string): Activation {
  if (!Object.hasOwn(activations, name)) {
    throw new Error(`${owner}: unknown activation '${name}' (known: ${Object.keys(activations).join(', ')})`);
  }
  return name as Activation;
}

/**
 * Inputs for the ops' gradient checks: float64 leaves from a seeded stream, and samplers that
 * keep values away from the points where an op is not differentiable.
 */
import { Rng, type Tensor } from '../../../src/autograd/index.js';
import { param64 } from '../../util/gradcheck.js';

/** A float64 leaf maker drawing from its own stream seeded with `seed`. */
export function params(seed = 42): (shape: number[], sample?: (r: Rng) => number) => Tensor {
  const rng = new Rng(seed);
  return (shape, sample) => param64(shape, rng, sample);
}

/** Uniform in ±[lo, hi]: keeps inputs away from kinks such as relu's and abs's 0. */
export const awayFromZero = (lo: number, hi: number) => (r: Rng) => r.uniform(lo, hi) * (r.next() < 0.5 ? -1 : 1);

/** Uniform in [0.5, 2]: inside the domain of log, sqrt and negative powers, away from a divisor's 0. */
export const positive = (r: Rng) => r.uniform(0.5, 2);

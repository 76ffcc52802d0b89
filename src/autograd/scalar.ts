/**
 * Scalar functions that the ops and the backends' plain loops share, defined once here (a leaf
 * module: it imports nothing, so backend/ can use it without importing ops/).
 */

/**
 * σ(v) = 1 / (1 + e⁻ᵛ), evaluated as eᵛ / (1 + eᵛ) for v < 0 so that the exponential never
 * overflows. Keras `activations.sigmoid`.
 */
export function stableSigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/**
 * The matrices of Winograd's minimal filtering algorithm F(m, r) for a 1-D correlation, by the
 * Toom-Cook construction (Lavin & Gray, "Fast Algorithms for Convolutional Neural Networks", 2016):
 * m outputs of an r-tap filter from α = m + r − 1 inputs with α multiplications instead of m·r,
 *   y_j = Σ_{k<r} d_{j+k}·g_k  (j < m)   =   y = Aᵀ·[(G·g) ⊙ (Bᵀ·d)],
 * Aᵀ [m, α], G [α, r], Bᵀ [α, α]. With α − 1 finite points p_i and the point at infinity (last):
 *   Aᵀ[j, i] = p_i^j,            Aᵀ[j, α−1] = [j = m−1];
 *   G[i, k]  = p_i^k / Π_{l≠i}(p_i − p_l),   G[α−1, k] = [k = r−1];
 *   Bᵀ[i, l] = the coefficient of x^l in Π_{l'≠i}(x − p_l'),   Bᵀ[α−1, l] = that of x^l in Π_l(x − p_l).
 * (The correlation is the transpose of the linear convolution g∗h, which Toom-Cook computes by
 * evaluating at the points, multiplying and interpolating; the Lagrange denominators sit in G.)
 *
 * The same three matrices give the filter gradient of the correlation: for a tile of m outputs
 * with gradient e, dg_k = Σ_j d_{j+k}·e_j = Σ_ξ G[ξ, k]·(Bᵀ·d)_ξ·(A·e)_ξ, i.e. dg = Gᵀ·[(Bᵀ·d) ⊙ (A·e)].
 *
 * Rounding grows with the tile: entries grow as p^(m−1) in Aᵀ and the transforms of larger tiles
 * cancel more; the tile and points are chosen by measuring float32 error against the float64
 * reference (docs/performance.md). Points that are small dyadic rationals keep Aᵀ and Bᵀ exact in
 * float32; only G (applied to the weights in float64 on the host) is rounded.
 */

export interface WinogradMatrices {
  m: number;
  r: number;
  alpha: number;
  /** The α − 1 finite points. */
  points: readonly number[];
  /** Aᵀ [m, α], row-major. */
  at: Float64Array;
  /** G [α, r], row-major. */
  g: Float64Array;
  /** Bᵀ [α, α], row-major. */
  bt: Float64Array;
}

/** The default finite points for α − 1 = n: 0, then ±1, ±2, ±1/2, ±3, ±1/3, … as many as are needed. */
export function defaultPoints(n: number): number[] {
  const order = [0, 1, -1, 2, -2, 0.5, -0.5, 3, -3, 1 / 3, -1 / 3, 4, -4, 0.25, -0.25];
  if (n > order.length) throw new Error(`winograd: no default points for ${n} finite points (at most ${order.length})`);
  return order.slice(0, n);
}

/** Coefficients (lowest degree first) of Π (x − p) over `roots`. */
function polyFromRoots(roots: readonly number[]): number[] {
  let coef = [1];
  for (const p of roots) {
    const next = new Array<number>(coef.length + 1).fill(0);
    for (let i = 0; i < coef.length; i++) {
      next[i + 1] += coef[i];
      next[i] -= p * coef[i];
    }
    coef = next;
  }
  return coef;
}

/** Aᵀ, G and Bᵀ of F(m, r) on the given finite points (α − 1 distinct numbers; default `defaultPoints`). */
export function winogradMatrices(m: number, r: number, points: readonly number[] = defaultPoints(m + r - 2)): WinogradMatrices {
  const alpha = m + r - 1;
  if (!Number.isInteger(m) || !Number.isInteger(r) || m < 1 || r < 1) throw new Error(`winograd: F(${m}, ${r}) needs positive integer m and r`);
  if (points.length !== alpha - 1 || new Set(points).size !== points.length) throw new Error(`winograd: F(${m}, ${r}) needs ${alpha - 1} distinct finite points, got [${points.join(', ')}]`);
  const n = alpha - 1;
  const at = new Float64Array(m * alpha);
  const g = new Float64Array(alpha * r);
  const bt = new Float64Array(alpha * alpha);
  for (let i = 0; i < n; i++) {
    const p = points[i];
    const others = points.filter((_, l) => l !== i);
    const denominator = others.reduce((acc, q) => acc * (p - q), 1);
    for (let j = 0; j < m; j++) at[j * alpha + i] = p ** j;
    for (let k = 0; k < r; k++) g[i * r + k] = p ** k / denominator;
    polyFromRoots(others).forEach((c, l) => (bt[i * alpha + l] = c));
  }
  at[(m - 1) * alpha + n] = 1;
  g[n * r + r - 1] = 1;
  polyFromRoots(points).forEach((c, l) => (bt[n * alpha + l] = c));
  // -0 coefficients (from p = 0) are zeros
  for (const mat of [at, g, bt]) for (let i = 0; i < mat.length; i++) if (mat[i] === 0) mat[i] = 0;
  return { m, r, alpha, points: [...points], at, g, bt };
}

/**
 * Low-pass FIR design for the resampler, following the rules of libsoxr 0.1.3 (filter.c, the library
 * behind `librosa.load`'s 'soxr_hq'): Kaiser-windowed sinc filters whose window shape and length come
 * from soxr's empirical fits, and equiripple (minimax) half-band filters for the 2:1 decimations.
 * Frequencies are fractions of a Nyquist frequency `nyquist` (soxr's `Fn`; 1 = the Nyquist frequency
 * of the rate the filter runs at). Everything is float64.
 */

/** Modified Bessel function of the first kind, order 0, by its power series. */
export function besselI0(x: number): number {
  const q = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; term > sum * 1e-17; k++) {
    term *= q / (k * k);
    sum += term;
  }
  return sum;
}

/**
 * soxr's fit of the Kaiser beta for stopband attenuations of 60 dB and more: one cubic in the
 * attenuation per octave of transition width (from 0.0005 of Nyquist upwards), interpolated linearly
 * in log2 of the width. Row r holds the cubic's coefficients, highest power first.
 */
const BETA_FIT = [
  [-6.784957e-10, 1.02856e-5, 0.1087556, -0.8978365],
  [-6.897885e-10, 1.027433e-5, 0.10876, -0.8974658],
  [-1.000683e-9, 1.030092e-5, 0.1087677, -0.8977898],
  [-3.654474e-10, 1.040631e-5, 0.1087085, -0.8917766],
  [8.106988e-9, 6.983091e-6, 0.1091387, -0.9022048],
  [9.519571e-9, 7.272678e-6, 0.1090068, -0.8890768],
  [-5.626821e-9, 1.342186e-5, 0.1083999, -0.8565452],
  [-9.965946e-8, 5.073548e-5, 0.1040967, -0.6822778],
  [1.604808e-7, -5.856462e-5, 0.1185998, -1.24824],
  [-1.511964e-7, 6.363034e-5, 0.1064627, -0.8076665],
];

/**
 * Kaiser window beta for a stopband attenuation `att` (dB) and a transition width `trBw` (fraction
 * of Nyquist, measured as soxr does: half the distance from the cutoff to the stopband, relative to
 * the cutoff): soxr's fit above 60 dB, Kaiser's own formulas below.
 * = soxr `lsx_kaiser_beta(att, tr_bw)`.
 */
export function kaiserBeta(att: number, trBw: number): number {
  if (att >= 60) {
    const octave = Math.log2(trBw / 0.0005);
    const whole = Math.trunc(octave);
    const row = (r: number) => BETA_FIT[Math.min(Math.max(r, 0), BETA_FIT.length - 1)];
    const cubic = ([a, b, c, d]: number[]) => ((a * att + b) * att + c) * att + d;
    const b0 = cubic(row(whole));
    const b1 = cubic(row(whole + 1));
    return b0 + (b1 - b0) * (octave - whole);
  }
  if (att > 50) return 0.1102 * (att - 8.7);
  if (att > 20.96) return 0.58417 * (att - 20.96) ** 0.4 + 0.07886 * (att - 20.96);
  return 0;
}

/**
 * Kaiser-windowed sinc of `numTaps` taps with cutoff `fc` (fraction of Nyquist) and total gain
 * `gain`: `h[i] = gain * sin(pi fc z) / (pi z) * I0(beta sqrt(1 - (z / (m/2 + rho))^2)) / I0(beta)`
 * with `z = i - m/2`, `m = numTaps - 1` (`h = gain * fc` at z = 0). `rho` widens the window past the
 * end taps (0.5 for a single-rate filter; soxr uses 0.63 or 0.75 for polyphase ones).
 * = soxr `lsx_make_lpf(num_taps, Fc, beta, rho, scale)`.
 */
export function kaiserSinc(numTaps: number, fc: number, beta: number, rho: number, gain: number): Float64Array {
  const m = numTaps - 1;
  const h = new Float64Array(numTaps);
  const scale = gain / besselI0(beta);
  const reach = 1 / (0.5 * m + rho);
  for (let i = 0; i <= m >> 1; i++) {
    const z = i - 0.5 * m;
    const x = z * Math.PI;
    const y = z * reach;
    h[i] = (x !== 0 ? Math.sin(fc * x) / x : fc) * besselI0(beta * Math.sqrt(1 - y * y)) * scale;
    h[m - i] = h[i];
  }
  return h;
}

/** A low-pass specification (see `designLowpass`). */
export interface LowpassSpec {
  /** End of the passband, in units of `nyquist`. */
  passEnd: number;
  /** Start of the stopband, in units of `nyquist`. */
  stopBegin: number;
  /** The Nyquist frequency the two edges are given against (soxr's `Fn`). */
  nyquist: number;
  /** Stopband attenuation, dB. */
  att: number;
  /** Polyphase filters: the number of phases, the filter runs at `phases` times the rate. Default 1. */
  phases?: number;
  /** Single-rate filters: the tap count is made 1 modulo this. Default 1. */
  tapsModulo?: number;
  /** A fixed tap count instead of the estimate. */
  numTaps?: number;
}

/** The parameters `designLowpass` chose. */
export interface LowpassDesign {
  numTaps: number;
  /** Cutoff (fraction of the filter's own Nyquist) and Kaiser beta. */
  fc: number;
  beta: number;
}

/**
 * Choose a Kaiser low-pass for `spec`: edges normalised by `nyquist` and then by `phases`, transition
 * `tr = min((stop - pass) / 2 / phases, stop / 2)`, cutoff `fc = stop - tr`, beta from `kaiserBeta`,
 * and `ceil(k(beta) / tr + 1)` taps with soxr's fitted `k(beta)` (Kaiser's `(att - 7.95) / (2.285 * 2 pi)`
 * below 60 dB), rounded up to `phases * j - 1` (polyphase) or `tapsModulo * j + 1` taps.
 * = the design half of soxr `lsx_design_lpf(Fp, Fs, Fn, att, &num_taps, k, beta=-1)`.
 */
export function chooseLowpass({ passEnd, stopBegin, nyquist, att, phases = 1, tapsModulo = 1, numTaps }: LowpassSpec): LowpassDesign {
  let stop = stopBegin / Math.abs(nyquist);
  const pass = passEnd / Math.abs(nyquist);
  let tr = (0.5 * (stop - pass)) / phases;
  stop /= phases;
  tr = Math.min(tr, 0.5 * stop);
  const fc = stop - tr;
  const beta = kaiserBeta(att, (tr * 0.5) / fc);
  if (numTaps === undefined) {
    const k = att < 60 ? (att - 7.95) / (2.285 * Math.PI * 2) : ((0.0007528358 - 1.577737e-5 * beta) * beta + 0.6248022) * beta + 0.06186902;
    const estimate = Math.ceil(k / tr + 1);
    numTaps = phases > 1 ? Math.trunc(estimate / phases) * phases + phases - 1 : Math.trunc((estimate + tapsModulo - 2) / tapsModulo) * tapsModulo + 1;
  }
  return { numTaps, fc, beta };
}

/**
 * The taps of `chooseLowpass(spec)`: a Kaiser sinc with gain `phases` (unity gain at the input rate
 * of a polyphase filter) and window overhang `rho` = 0.5 for one phase, else 0.63 below 120 dB and
 * 0.75 from 120 dB.
 * = soxr `lsx_design_lpf(Fp, Fs, Fn, att, &num_taps, k, -1)`.
 */
export function designLowpass(spec: LowpassSpec): Float64Array {
  const phases = spec.phases ?? 1;
  const { numTaps, fc, beta } = chooseLowpass(spec);
  const rho = phases === 1 ? 0.5 : spec.att < 120 ? 0.63 : 0.75;
  return kaiserSinc(numTaps, fc, beta, rho, phases);
}

/**
 * Where soxr's model of a Kaiser low-pass's transition band has dropped by `dropDb` (negative dB),
 * as a fraction of the way from the start of the transition band (0) to its end (1), for a filter of
 * `att` dB: a fitted sine-power law of the attenuation.
 * = soxr `lsx_inv_f_resp(drop, att)`.
 */
export function transitionPoint(dropDb: number, att: number): number {
  const phi = ((2.0517e-7 * att - 1.1303e-4) * att + 0.023154) * att + 0.55924;
  const power = Math.log(0.5) / Math.log(Math.sin(phi * 0.5));
  const drop = Math.exp(dropDb * (Math.LN10 * 0.05));
  const s = drop > 0.5 ? 1 - drop : drop;
  const x = Math.asin(s ** (1 / power)) / phi;
  return drop > 0.5 ? x : 1 - x;
}

/** Solve `A x = b` in place by Gaussian elimination with partial pivoting (`A` is `n x n`, row-major). */
function solve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(A[r * n + col]) > Math.abs(A[pivot * n + col])) pivot = r;
    if (pivot !== col) {
      for (let c = 0; c < n; c++) [A[col * n + c], A[pivot * n + c]] = [A[pivot * n + c], A[col * n + c]];
      [b[col], b[pivot]] = [b[pivot], b[col]];
    }
    for (let r = col + 1; r < n; r++) {
      const f = A[r * n + col] / A[col * n + col];
      for (let c = col; c < n; c++) A[r * n + c] -= f * A[col * n + c];
      b[r] -= f * b[col];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let c = r + 1; c < n; c++) s -= A[r * n + c] * x[c];
    x[r] = s / A[r * n + r];
  }
  return x;
}

/**
 * Equiripple half-band low-pass of `4n - 1` taps, for a 2:1 decimation whose output keeps the lower
 * half of its band: passband [0, 1/4] and stopband [3/4, 1] of the input Nyquist frequency. A
 * half-band filter is `H(w) = 1/2 + sum_j c_j 2 cos((2j+1) w)` (every other tap zero), and
 * `H(pi - w) = 1 - H(w)`, so minimising `max |H - 1|` on [0, pi/4] (Remez exchange on a dense grid)
 * fixes the stopband too. Returns all taps, centre `h[2n-1] = 1/2`, `h[2n-1 +- (2j+1)] = c_j`.
 * soxr's 'HQ' decimators are filters of this design (n = 8 up to 136.5 dB, n = 9 beyond): computed
 * here they agree with soxr's tables to 7e-8 (see docs/dsp.md).
 */
export function equirippleHalfband(n: number): Float64Array {
  const gridSize = 256 * n + 1;
  const grid = Float64Array.from({ length: gridSize }, (_, i) => ((Math.PI / 4) * i) / (gridSize - 1));
  const basis = (w: number, j: number) => 2 * Math.cos((2 * j + 1) * w);
  let extrema = Array.from({ length: n + 1 }, (_, i) => Math.round(((gridSize - 1) * (1 - Math.cos((Math.PI * i) / n))) / 2));
  let c = new Float64Array(n);
  const error = new Float64Array(gridSize);
  for (let iteration = 0; iteration < 100; iteration++) {
    const A = new Float64Array((n + 1) * (n + 1));
    extrema.forEach((g, i) => {
      for (let j = 0; j < n; j++) A[i * (n + 1) + j] = basis(grid[g], j);
      A[i * (n + 1) + n] = i % 2 === 0 ? 1 : -1;
    });
    c = solve(A, new Float64Array(n + 1).fill(0.5), n + 1).slice(0, n);
    for (let g = 0; g < gridSize; g++) {
      let s = -0.5;
      for (let j = 0; j < n; j++) s += c[j] * basis(grid[g], j);
      error[g] = s;
    }
    const next: number[] = [];
    for (let g = 0; g < gridSize; g++) {
      const e = error[g];
      const peak = (g === 0 || Math.abs(e) > Math.abs(error[g - 1]) || Math.sign(e) !== Math.sign(error[g - 1])) && (g === gridSize - 1 || Math.abs(e) >= Math.abs(error[g + 1]) || Math.sign(e) !== Math.sign(error[g + 1]));
      if (!peak) continue;
      const last = next[next.length - 1];
      if (next.length > 0 && Math.sign(error[last]) === Math.sign(e)) {
        if (Math.abs(e) > Math.abs(error[last])) next[next.length - 1] = g;
      } else next.push(g);
    }
    while (next.length > n + 1) {
      if (Math.abs(error[next[0]]) < Math.abs(error[next[next.length - 1]])) next.shift();
      else next.pop();
    }
    if (next.length !== n + 1 || next.every((g, i) => g === extrema[i])) break;
    extrema = next;
  }
  const mid = 2 * n - 1;
  const h = new Float64Array(4 * n - 1);
  h[mid] = 0.5;
  c.forEach((v, j) => {
    h[mid + 2 * j + 1] = v;
    h[mid - 2 * j - 1] = v;
  });
  return h;
}

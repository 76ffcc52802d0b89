/**
 * Sample-rate conversion by band-limited (windowed-sinc) interpolation, the stand-in for the
 * soxr 'HQ' resampler behind `librosa.load(sr=22050)`.
 */

/** Design of the interpolation kernel; the defaults were fitted to soxr HQ (see `resample`). */
export interface ResampleOptions {
  /** Zero crossings of the sinc on each side of the kernel. */
  zeros?: number;
  /** Cutoff as a fraction of the lower of the two Nyquist frequencies. */
  rolloff?: number;
  /** Kaiser window shape parameter. */
  beta?: number;
}

/** Modified Bessel function of the first kind, order 0, by its power series. */
function besselI0(x: number): number {
  const q = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; term > sum * 1e-17; k++) {
    term *= q / (k * k);
    sum += term;
  }
  return sum;
}

/** Largest kernel table `resample` builds (L phases x taps floats, 64 MiB). */
export const MAX_RESAMPLE_TABLE = 1 << 24;

/** Greatest common divisor of two positive integers. */
function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * Resample `y` from `origSr` to `targetSr` Hz:
 * `out[j] = sum_i y[i] * h(j * origSr / targetSr - i)`, with `y` taken as 0 outside its range and
 * the Kaiser-windowed sinc `h(d) = c * sinc(c * d) * I0(beta * sqrt(1 - (d/W)^2)) / I0(beta)` for
 * `|d| < W`, where `c = rolloff * min(1, targetSr / origSr)` (cycles per input sample, x2) and
 * `W = zeros / c`. The ratio is reduced to L/M, so only L kernel phases are tabulated (a RangeError
 * when that table would exceed MAX_RESAMPLE_TABLE floats, e.g. 192001 -> 22050 Hz).
 * Output length `ceil(n * targetSr / origSr)` and time alignment (`out[0]` at `y[0]`) follow
 * `librosa.resample(y, orig_sr, target_sr, res_type='soxr_hq')`. The defaults (80 zero crossings,
 * rolloff 0.9575, beta 9) were fitted to soxr HQ's measured response (flat to ~0.925 of Nyquist,
 * -3 dB near 0.957): the two differ only in the transition band, 0.35% RMS on white noise from 16,
 * 44.1 or 48 kHz (measured against soxr 1.1 offline) and 5e-5 on band-limited audio (the 44.1 kHz
 * fixture, checked in test/dsp/resample.test.ts).
 */
export function resample(y: Float32Array, origSr: number, targetSr: number, { zeros = 80, rolloff = 0.9575, beta = 9.0 }: ResampleOptions = {}): Float32Array {
  if (!Number.isInteger(origSr) || !Number.isInteger(targetSr) || origSr <= 0 || targetSr <= 0) {
    throw new RangeError(`resample: sample rates must be positive integers, got ${origSr} -> ${targetSr}`);
  }
  if (origSr === targetSr) return y.slice();
  const g = gcd(origSr, targetSr);
  const L = targetSr / g; // output step is M/L input samples
  const M = origSr / g;
  const cut = rolloff * Math.min(1, targetSr / origSr);
  const width = zeros / cut;
  const reach = Math.ceil(width);
  const taps = 2 * reach + 1; // input offsets -reach .. +reach around floor(position)
  if (L * taps > MAX_RESAMPLE_TABLE) {
    throw new RangeError(`resample: ${origSr} -> ${targetSr} Hz reduces to ${targetSr / g}/${origSr / g} and would need a ${L} x ${taps} kernel table`);
  }
  const norm = besselI0(beta);
  const table = new Float32Array(L * taps); // table[p * taps + o]: weight of y[base + o - reach] at phase p
  for (let p = 0; p < L; p++) {
    const frac = p / L;
    for (let o = 0; o < taps; o++) {
      const d = frac - (o - reach);
      if (Math.abs(d) >= width) continue;
      const x = Math.PI * cut * d;
      const sinc = x === 0 ? 1 : Math.sin(x) / x;
      const r = d / width;
      table[p * taps + o] = (cut * sinc * besselI0(beta * Math.sqrt(1 - r * r))) / norm;
    }
  }
  const nOut = Math.floor((y.length * L + M - 1) / M);
  const out = new Float32Array(nOut);
  for (let j = 0; j < nOut; j++) {
    const pos = j * M;
    const base = Math.floor(pos / L);
    const row = (pos - base * L) * taps;
    const first = base - reach;
    const lo = Math.max(0, -first);
    const hi = Math.min(taps, y.length - first);
    let acc = 0;
    for (let o = lo; o < hi; o++) acc += table[row + o] * y[first + o];
    out[j] = acc;
  }
  return out;
}

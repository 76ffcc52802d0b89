/**
 * The stages and filters of libsoxr 0.1.3's 'HQ' recipe (20-bit precision, linear phase, small
 * rolloff) for a constant rate ratio: the plan `librosa.load(sr=22050)` runs through python-soxr.
 * soxr splits a ratio into up to four kinds of stage (cr.c `_soxr_init`):
 *   - 2:1 half-band decimations while the ratio is 4 or more;
 *   - a "DFT" stage: a long Kaiser low-pass, up by 1 or 2, down by 1 or 2 (soxr filters it by FFT);
 *   - an "arbitrary" polyphase stage for the remaining rational ratio L/M (up to 2048 phases), whose
 *     short filter only has to reject the images the DFT stage left;
 *   - for large upsampling ratios, a second DFT stage after it.
 * Every stage is one linear-phase FIR at `up` times its input rate (see `FirStage`), so the plan is
 * data: `resample.ts` runs it. Irrational-looking ratios (no denominator up to 2048), which soxr
 * approximates with interpolated coefficients, are refused.
 */
import { chooseLowpass, designLowpass, equirippleHalfband, transitionPoint } from './fir-design.js';

/**
 * One resampling stage: `out[k] = sum_q taps[c + k * down - q * up] * x[q]` with `c = (taps.length - 1) / 2`,
 * i.e. zero-stuff by `up`, filter with the zero-phase FIR `taps`, keep every `down`-th sample.
 * Output k sits at input time `k * down / up`; the taps include the gain `up`.
 */
export interface FirStage {
  kind: 'halfband' | 'lowpass' | 'polyphase';
  up: number;
  down: number;
  taps: Float64Array;
}

const DB_PER_BIT = 20 * Math.log10(2);
/** soxr's 32-bit fixed-point clock unit, used for its rational-ratio test. */
const CLOCK_UNIT = 65536 * 65536;
/** 'HQ' = SOXR_20_BITQ: 20 bits of precision. */
const HQ_BITS = 20;
/** Attenuation each half-band length serves up to (soxr's SIMD float table: 8 and 9 coefficients). */
const HALFBAND_LIMITS: [number, number][] = [
  [8, 136.51],
  [9, 152.32],
];
/** The largest polyphase denominator soxr searches for a rational ratio. */
const MAX_PHASES = 2048;
/** soxr's default budget for a polyphase coefficient table (float32, taps padded to 4), kB. */
const MAX_POLYPHASE_KB = 400;
/** Passband rolloff allowed at the passband end, 'small' (soxr `SOXR_ROLLOFF_SMALL`), as float32. */
const ROLLOFF_DB = Math.fround(-0.01);

/** soxr's passband end for a precision: `1 - 0.05 / (width of the transition band at -3 dB)`. */
function passbandEnd(bits: number): number {
  return 1 - 0.05 / (1 - transitionPoint(-3, bits * DB_PER_BIT));
}

/** How `_soxr_init` splits an input/output ratio into stages (before any filter is designed). */
interface StageSplit {
  halvings: number;
  preUp: number;
  preDown: number;
  arbUp: number;
  arbDown: number;
  postUp: number;
  postDown: number;
  upsample: boolean;
  rational: boolean;
}

/** The stage split of soxr's 'HQ' recipe (quality mode 3) for `ioRatio` = input rate / output rate. */
function splitRatio(ioRatio: number): StageSplit {
  let arbDown = ioRatio;
  let arbUp = 1;
  let preUp = 1;
  let preDown = 1;
  let postUp = 1;
  let postDown = 1;
  let halvings = 0;
  let upsample = false;
  let rational = false;
  for (let again = true; again; ) {
    again = false;
    upsample = arbDown < 1;
    halvings = 0;
    for (let i = Math.trunc(0.5 * arbDown); (i >>= 1) !== 0; arbDown *= 0.5) halvings++;
    preDown = upsample || (arbDown > 1.5 && arbDown < 2) ? 1 : 0;
    postDown = 1 + (arbDown > 1 && preDown ? 1 : 0);
    arbDown /= postDown;
    preUp = 1 + (!preDown && arbDown < 2 ? 1 : 0) + (upsample ? 1 : 0);
    arbDown *= preUp;
    const frac = arbDown - Math.trunc(arbDown);
    const epsilon = frac !== 0 ? Math.abs(Math.floor(frac * CLOCK_UNIT + 0.5) / (frac * CLOCK_UNIT) - 1) : 0;
    rational = frac === 0;
    for (let i = 1; i <= MAX_PHASES && !rational; i++) {
      const d = frac * i;
      const guess = Math.trunc(d + 0.5);
      rational = Math.abs(guess / d - 1) <= epsilon;
      if (!rational) continue;
      if (guess === i) {
        arbDown = Math.ceil(arbDown);
        const x = arbDown > 3 ? 1 : 0;
        halvings += x;
        arbDown /= 1 + x;
      } else {
        arbDown = i * Math.trunc(arbDown) + guess;
        arbUp = i;
      }
    }
    let L = preUp * arbUp;
    let M = Math.trunc(arbDown * postDown);
    const odd = (L | M) & 1;
    if (!odd) {
      L >>= 1;
      M >>= 1;
    }
    const up = (preUp * arbUp) / arbDown;
    if (postUp === 1 && up > 4 && up !== 5) {
      postUp = 4;
      for (let i = Math.trunc(up / 16); (i >>= 1) !== 0 && postUp < 256; ) postUp <<= 1;
      arbDown = (arbDown * postUp) / arbUp / preUp;
      arbUp = 1;
      again = true;
    } else if (rational && (Math.max(L, M) < 5 || L * M < 6)) {
      preUp = L;
      preDown = M;
      arbDown = 1;
      arbUp = 1;
      postDown = 1;
    }
  }
  return { halvings, preUp, preDown, arbUp, arbDown, postUp, postDown, upsample, rational };
}

/** The DFT stage's low-pass: soxr designs it with `4n + 1` taps (`2L n + 1` for a 2^k up-stage of Nyquist L). */
function lowpassStage(passEnd: number, stopBegin: number, nyquist: number, att: number, up: number, down: number): FirStage {
  const powerOfTwo = up >= 2 && (up & (up - 1)) === 0;
  const tapsModulo = powerOfTwo && nyquist === up ? up << 1 : 4;
  const taps = designLowpass({ passEnd, stopBegin, nyquist, att, tapsModulo });
  for (let i = 0; i < taps.length; i++) taps[i] *= up;
  return { kind: 'lowpass', up, down, taps };
}

/**
 * The filter stages soxr 'HQ' runs to convert `inRate` to `outRate` Hz (positive), in order; empty
 * when the rates are equal. Throws a RangeError for ratios soxr treats as irrational (no rational
 * form with a denominator up to 2048 after its halvings), e.g. 192001 -> 22050 Hz.
 */
export function soxrHqStages(inRate: number, outRate: number): FirStage[] {
  if (!(inRate > 0) || !(outRate > 0)) throw new RangeError(`resample: sample rates must be positive, got ${inRate} -> ${outRate}`);
  if (inRate === outRate) return [];
  const ioRatio = inRate / outRate;
  const passEnd0 = passbandEnd(HQ_BITS);
  const stopBegin0 = 1;
  const split = splitRatio(ioRatio);
  const { halvings, preUp, preDown, arbUp, postUp, postDown, upsample, rational } = split;
  let { arbDown } = split;
  if (!rational) {
    throw new RangeError(`resample: ${inRate} -> ${outRate} Hz has no rational form soxr uses exactly (denominator above ${MAX_PHASES}); soxr would interpolate its filter, which tunegrad does not reproduce`);
  }
  const hasPre = preDown * preUp !== 1;
  const hasArb = arbDown * arbUp !== 1;
  const hasPost = postDown * postUp !== 1;
  const nStages = halvings + (hasPre ? 1 : 0) + (hasArb ? 1 : 0) + (hasPost ? 1 : 0);

  // Attenuation budget: one bit for pass + stop, one more for the polyphase stage, and the rest
  // shared by the other stages.
  let att = (HQ_BITS + 1) * DB_PER_BIT;
  let attArb = att;
  if (nStages > 1) {
    let shared = nStages;
    if (hasArb) {
      att += DB_PER_BIT;
      attArb = att;
      shared--;
    }
    att += 20 * Math.log10(shared);
  }

  const stages: FirStage[] = [];
  const halfbandLength = (HALFBAND_LIMITS.find(([, limit]) => att <= limit) ?? HALFBAND_LIMITS[HALFBAND_LIMITS.length - 1])[0];
  for (let i = 0; i < halvings; i++) stages.push({ kind: 'halfband', up: 1, down: 2, taps: equirippleHalfband(halfbandLength) });

  let passEnd1 = passEnd0;
  let stopBegin1 = stopBegin0;
  if (hasPre) {
    const nyquist = preDown ? Math.max(preUp, preDown) : arbDown / arbUp;
    stages.push(lowpassStage(passEnd1, stopBegin1, nyquist, att, preUp, Math.max(preDown, 1)));
    passEnd1 /= nyquist;
    stopBegin1 /= nyquist;
  }

  if (hasArb) {
    const mult = upsample ? 1 : arbDown / arbUp;
    let nyquist: number;
    let stopBegin: number;
    if (!upsample && preDown) {
      nyquist = 2 * mult;
      stopBegin = 3 + Math.abs(stopBegin1 - 1);
    } else {
      nyquist = 1;
      stopBegin = 2 - (passEnd1 + (stopBegin1 - passEnd1) * 0.7);
    }
    const passEnd = stopBegin - (stopBegin - passEnd1) / (1 - transitionPoint(ROLLOFF_DB, attArb));
    let phases = arbUp;
    let up = arbUp;
    const estimatePhases = Math.max(phases, 19);
    const estimate = chooseLowpass({ passEnd, stopBegin, nyquist, att: attArb, phases: estimatePhases }).numTaps;
    let nCoefs = Math.trunc(estimate / estimatePhases) + 1;
    if (!preDown) nCoefs += nCoefs & 1;
    if (nCoefs & 1 && up & 1) {
      phases <<= 1;
      up <<= 1;
      arbDown *= 2;
    }
    if (Math.floor((Math.ceil(nCoefs / 4) * 4 * phases * 4) / 1000) > MAX_POLYPHASE_KB) {
      throw new RangeError(`resample: ${inRate} -> ${outRate} Hz needs ${phases} filter phases, more than soxr tabulates exactly; soxr would interpolate its filter, which tunegrad does not reproduce`);
    }
    const taps = designLowpass({ passEnd, stopBegin, nyquist, att: attArb, phases, numTaps: nCoefs * phases - 1 });
    stages.push({ kind: 'polyphase', up, down: arbDown, taps });
  }

  if (hasPost) {
    const alpha = postDown / (ioRatio * postUp);
    const passEnd = passEnd0 / (upsample ? alpha : 1);
    const stopBegin = upsample ? Math.max(2 - stopBegin0 / alpha, 1) : stopBegin0;
    stages.push(lowpassStage(passEnd, stopBegin, Math.max(postUp, postDown), att, postUp, postDown));
  }
  return stages;
}

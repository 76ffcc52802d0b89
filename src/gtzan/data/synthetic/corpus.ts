/**
 * The embedded default corpus: ten classes of procedurally generated music, so the whole pipeline
 * runs without GTZAN. Each class is a style (`styles.ts`) with its own rhythm, pitch and timbre,
 * played on the instruments of `instruments.ts`. Every clip draws its own tempo, key, mix, noise
 * floor and start offset, and now and then loses its drums or its melody, so classes overlap:
 * learnable, not trivial.
 *
 * Deterministic: clip `k` of class `c` depends only on (seed, c, k), so a larger corpus contains
 * the smaller one. Audio is mono float32 at `sampleRate`, peak-normalised to 0.5–0.9.
 */
import { Rng } from '../../../autograd/random.js';
import { addNoiseFloor, normalisePeak, type Voice } from './instruments.js';
import { STYLES, SYNTHETIC_LABELS } from './styles.js';

export { SYNTHETIC_LABELS };

export interface SyntheticOptions {
  seed?: number;
  /** Clips generated per class (default 20). */
  clipsPerClass?: number;
  /** Length of each clip in seconds (default 3). */
  seconds?: number;
  /** Sample rate in Hz (default 22050, GTZAN's). */
  sampleRate?: number;
}

export interface SyntheticClip {
  /** `<label>.<5-digit index>`, e.g. `dub.00003`, like GTZAN names. */
  name: string;
  label: string;
  labelIndex: number;
  /** The clip number within its class. */
  index: number;
  samples: Float32Array;
  sampleRate: number;
}

export interface SyntheticCorpus {
  labels: string[];
  clips: SyntheticClip[];
  /** The options the corpus was generated with, defaults filled in. */
  options: Required<SyntheticOptions>;
}

export const SYNTHETIC_DEFAULTS: Required<SyntheticOptions> = { seed: 0, clipsPerClass: 20, seconds: 3, sampleRate: 22050 };

/** Generate the corpus: classes in `SYNTHETIC_LABELS` order, clips 0..clipsPerClass-1 of each. */
export function syntheticCorpus(options: SyntheticOptions = {}): SyntheticCorpus {
  const opts = { ...SYNTHETIC_DEFAULTS, ...options };
  if (!(opts.clipsPerClass >= 1 && Number.isInteger(opts.clipsPerClass))) throw new Error(`clipsPerClass must be a positive integer, got ${opts.clipsPerClass}`);
  if (!(opts.seconds > 0)) throw new Error(`seconds must be positive, got ${opts.seconds}`);
  if (!(opts.sampleRate >= 8000)) throw new Error(`sampleRate must be at least 8000 Hz, got ${opts.sampleRate}`);
  const clips: SyntheticClip[] = [];
  SYNTHETIC_LABELS.forEach((label, labelIndex) => {
    for (let index = 0; index < opts.clipsPerClass; index++) {
      clips.push({ name: `${label}.${String(index).padStart(5, '0')}`, label, labelIndex, index, samples: syntheticClip(opts.seed, labelIndex, index, opts.seconds, opts.sampleRate), sampleRate: opts.sampleRate });
    }
  });
  return { labels: [...SYNTHETIC_LABELS], clips, options: opts };
}

/** Render clip `index` of class `labelIndex` (see the file header). */
export function syntheticClip(seed: number, labelIndex: number, index: number, seconds: number, sampleRate: number): Float32Array {
  const style = STYLES[labelIndex];
  if (!style) throw new Error(`synthetic class ${labelIndex} does not exist (there are ${STYLES.length})`);
  const rng = new Rng((Math.imul(seed, 0x9e3779b1) + Math.imul(labelIndex + 1, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0);
  const n = Math.round(seconds * sampleRate);
  const bpm = rng.uniform(style.tempo[0], style.tempo[1]);
  const beat = 60 / bpm;
  const ctx: Voice = {
    out: new Float64Array(n),
    sr: sampleRate,
    rng,
    beat,
    // Start somewhere inside the first bar so clips are not phase-aligned to the bar line.
    offset: -rng.uniform(0, style.meter * beat),
    root: style.register + rng.int(7) - 3,
    playDrums: rng.next() >= 0.15,
    playMelody: rng.next() >= 0.15,
    mix: rng.uniform(0.5, 1),
  };
  style.render(ctx);
  addNoiseFloor(ctx, rng.uniform(0.002, 0.04));
  return normalisePeak(ctx.out, rng.uniform(0.5, 0.9));
}

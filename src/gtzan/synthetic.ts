/**
 * The embedded default corpus: ten classes of procedurally generated music, so the whole pipeline
 * runs without GTZAN. Each class has its own rhythm (tempo range, meter, drum pattern), pitch
 * (scale, register, note density) and timbre (waveform, harmonics, plucked or FM tones, noise).
 * Every clip draws its own tempo, key, mix, noise floor and start offset, and now and then loses
 * its drums or its melody, so classes overlap: learnable, not trivial.
 *
 * Deterministic: clip `k` of class `c` depends only on (seed, c, k), so a larger corpus contains
 * the smaller one. Audio is mono float32 at `sampleRate`, peak-normalised to 0.5–0.9.
 */
import { Rng } from '../autograd/random.js';

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

/** What a style renders into: the buffer, the clip's random draws and its musical frame. */
interface Voice {
  out: Float64Array;
  sr: number;
  rng: Rng;
  /** Seconds per beat. */
  beat: number;
  /** Time of the first bar line in seconds (negative: the clip starts mid-bar). */
  offset: number;
  /** MIDI note of the key's tonic. */
  root: number;
  playDrums: boolean;
  playMelody: boolean;
  /** Gain of the accompaniment relative to the lead, drawn per clip. */
  mix: number;
}

interface Style {
  label: string;
  /** Tempo range in beats per minute. */
  tempo: [number, number];
  /** Beats per bar. */
  meter: number;
  /** MIDI note around which the clip's key is drawn (±3 semitones). */
  register: number;
  render(v: Voice): void;
}

const SCALES = {
  major: [0, 2, 4, 5, 7, 9, 11],
  minor: [0, 2, 3, 5, 7, 8, 10],
  pentatonic: [0, 2, 4, 7, 9],
  minorPentatonic: [0, 3, 5, 7, 10],
  wholeTone: [0, 2, 4, 6, 8, 10],
  mixolydian: [0, 2, 4, 5, 7, 9, 10],
};

function midiToHz(midi: number): number {
  return 440 * 2 ** ((midi - 69) / 12);
}

/** MIDI note of scale degree `degree` (may exceed the scale length or be negative) above `root`. */
function degreeToMidi(root: number, scale: number[], degree: number): number {
  const octave = Math.floor(degree / scale.length);
  return root + 12 * octave + scale[degree - octave * scale.length];
}

/** A waveform of phase (in cycles) and time since onset (in seconds), in [-1, 1]. */
type Waveform = (phase: number, t: number) => number;

const sine: Waveform = (p) => Math.sin(2 * Math.PI * p);
const square: Waveform = (p) => (p - Math.floor(p) < 0.5 ? 1 : -1);
const saw: Waveform = (p) => 2 * (p - Math.floor(p)) - 1;
const triangle: Waveform = (p) => 4 * Math.abs(p - Math.floor(p) - 0.5) - 1;
/** Organ: odd harmonics 1, 3, 5 with falling weights (a drawbar-like hollow sound). */
const organ: Waveform = (p) => (Math.sin(2 * Math.PI * p) + 0.5 * Math.sin(6 * Math.PI * p) + 0.25 * Math.sin(10 * Math.PI * p)) / 1.75;
/** FM bell: carrier at f, modulator at 3.5 f, modulation index falling from 4 with time. */
const bell: Waveform = (p, t) => Math.sin(2 * Math.PI * p + 4 * Math.exp(-t * 3) * Math.sin(2 * Math.PI * 3.5 * p));
/** Saw driven into tanh: a distorted lead rich in odd and even harmonics. */
const fuzz: Waveform = (p) => Math.tanh(4 * (2 * (p - Math.floor(p)) - 1));
/** Pad: five harmonics with 1/k weights, slightly detuned second partial for movement. */
const pad: Waveform = (p, t) => {
  let s = 0;
  for (let k = 1; k <= 5; k++) s += Math.sin(2 * Math.PI * (k * p + (k === 2 ? 0.3 * t : 0))) / k;
  return s / 2.28;
};

interface Envelope {
  /** Linear attack in seconds. */
  attack: number;
  /** Exponential decay time constant in seconds (Infinity: sustain). */
  decay: number;
  /** Linear release at the end of the note, in seconds. */
  release: number;
}

const PERCUSSIVE: Envelope = { attack: 0.004, decay: 0.15, release: 0.02 };
const SUSTAINED: Envelope = { attack: 0.05, decay: Infinity, release: 0.08 };

/** Add one note of `wave` at `freq` Hz from `start` for `dur` seconds, with envelope and optional vibrato (Hz depth ratio, rate). */
function tone(v: Voice, start: number, dur: number, freq: number, wave: Waveform, gain: number, env: Envelope, vibrato = 0): void {
  const first = Math.max(0, Math.ceil(start * v.sr));
  const last = Math.min(v.out.length, Math.floor((start + dur) * v.sr));
  let phase = 0;
  for (let i = Math.ceil(start * v.sr); i < last; i++) {
    const t = i / v.sr - start;
    const f = vibrato > 0 ? freq * (1 + vibrato * Math.sin(2 * Math.PI * 5.5 * t)) : freq;
    phase += f / v.sr;
    if (i < first) continue;
    const a = Math.min(1, t / env.attack) * (env.decay === Infinity ? 1 : Math.exp(-t / env.decay)) * Math.min(1, (dur - t) / env.release);
    v.out[i] += gain * a * wave(phase, t);
  }
}

/** Karplus-Strong plucked string at `freq` Hz from `start`, ringing for `dur` seconds. */
function pluck(v: Voice, start: number, dur: number, freq: number, gain: number): void {
  const period = Math.max(2, Math.round(v.sr / freq));
  const line = new Float64Array(period);
  for (let k = 0; k < period; k++) line[k] = v.rng.uniform(-1, 1);
  const first = Math.round(start * v.sr);
  const n = Math.round(dur * v.sr);
  for (let j = 0; j < n; j++) {
    const k = j % period;
    const sample = line[k];
    line[k] = 0.996 * 0.5 * (sample + line[(k + 1) % period]);
    const i = first + j;
    if (i >= 0 && i < v.out.length) v.out[i] += gain * sample;
  }
}

/** Kick drum: a sine sweeping from 130 Hz down to 45 Hz, decaying in ~0.15 s. */
function kick(v: Voice, start: number, gain: number): void {
  const first = Math.round(start * v.sr);
  let phase = 0;
  for (let j = 0; j < 0.35 * v.sr; j++) {
    const t = j / v.sr;
    phase += (45 + 85 * Math.exp(-t * 30)) / v.sr;
    const i = first + j;
    if (i >= 0 && i < v.out.length) v.out[i] += gain * Math.exp(-t / 0.12) * Math.sin(2 * Math.PI * phase);
  }
}

/** Snare: white noise plus a 190 Hz body, decaying in ~0.1 s. */
function snare(v: Voice, start: number, gain: number): void {
  const first = Math.round(start * v.sr);
  for (let j = 0; j < 0.25 * v.sr; j++) {
    const t = j / v.sr;
    const i = first + j;
    const noise = v.rng.uniform(-1, 1);
    if (i >= 0 && i < v.out.length) v.out[i] += gain * Math.exp(-t / 0.08) * (0.7 * noise + 0.5 * Math.sin(2 * Math.PI * 190 * t));
  }
}

/** Hi-hat: first-differenced (high-passed) noise, 0.03 s closed or 0.15 s open. */
function hat(v: Voice, start: number, gain: number, open = false): void {
  const first = Math.round(start * v.sr);
  const decay = open ? 0.15 : 0.03;
  let previous = 0;
  for (let j = 0; j < 5 * decay * v.sr; j++) {
    const noise = v.rng.uniform(-1, 1);
    const i = first + j;
    if (i >= 0 && i < v.out.length) v.out[i] += gain * Math.exp(-j / v.sr / decay) * 0.5 * (noise - previous);
    previous = noise;
  }
}

/**
 * Call `hit(time, step)` for every step of `pattern` ('x' hits, '.' rests; one character per
 * step, `stepsPerBeat` per beat) in every bar that overlaps the clip.
 */
function everyStep(v: Voice, pattern: string, stepsPerBeat: number, hit: (time: number, step: number) => void, swing = 0): void {
  const stepDur = v.beat / stepsPerBeat;
  const barDur = pattern.length * stepDur;
  const clipDur = v.out.length / v.sr;
  for (let bar = v.offset; bar < clipDur; bar += barDur) {
    for (let s = 0; s < pattern.length; s++) {
      if (pattern[s] !== 'x') continue;
      const time = bar + s * stepDur + (s % 2 === 1 ? swing * stepDur : 0);
      if (time > -0.4 && time < clipDur) hit(time, s);
    }
  }
}

function drums(v: Voice, kicks: string, snares: string, hats: string, stepsPerBeat: number, gain = 0.8, openHats = false): void {
  if (!v.playDrums) return;
  everyStep(v, kicks, stepsPerBeat, (t) => kick(v, t, gain));
  everyStep(v, snares, stepsPerBeat, (t) => snare(v, t, 0.6 * gain));
  everyStep(v, hats, stepsPerBeat, (t) => hat(v, t, 0.5 * gain, openHats));
}

/** A random walk over scale degrees: the next degree moves by at most `maxStep` and stays in [low, high]. */
function walk(rng: Rng, degree: number, maxStep: number, low: number, high: number): number {
  const next = degree + rng.int(2 * maxStep + 1) - maxStep;
  return Math.min(high, Math.max(low, next));
}

/** Notes of a melody: on each step of `stepsPerBeat`, play with probability `density`. */
function melody(v: Voice, scale: number[], stepsPerBeat: number, density: number, play: (time: number, midi: number, stepDur: number) => void, maxStep = 2): void {
  if (!v.playMelody) return;
  const stepDur = v.beat / stepsPerBeat;
  let degree = v.rng.int(scale.length);
  for (let time = v.offset; time < v.out.length / v.sr; time += stepDur) {
    if (v.rng.next() >= density) continue;
    degree = walk(v.rng, degree, maxStep, -2, 2 * scale.length);
    play(time, degreeToMidi(v.root, scale, degree), stepDur);
  }
}

/** Triad (root, third, fifth) on scale degree `degree`. */
function triad(root: number, scale: number[], degree: number): number[] {
  return [0, 2, 4].map((k) => degreeToMidi(root, scale, degree + k));
}

/** Feedback echo: y[n] += feedback · y[n − delay·sr]. */
function echo(v: Voice, delay: number, feedback: number): void {
  const d = Math.round(delay * v.sr);
  for (let i = d; i < v.out.length; i++) v.out[i] += feedback * v.out[i - d];
}

const STYLES: Style[] = [
  {
    label: 'ambient',
    tempo: [50, 70],
    meter: 4,
    register: 55,
    render(v) {
      // Slow sustained pad chords, one per bar, no drums; a soft high sine melody at times.
      const scale = SCALES.major;
      const bar = 4 * v.beat;
      for (let t = v.offset; t < v.out.length / v.sr; t += bar) {
        const chord = triad(v.root, scale, [0, 3, 4, 5][v.rng.int(4)]);
        for (const m of chord) tone(v, t, bar + 0.3, midiToHz(m), pad, 0.25 * v.mix, { attack: 0.4, decay: Infinity, release: 0.4 });
      }
      melody(v, scale, 1, 0.3, (t, m) => tone(v, t, 2 * v.beat, midiToHz(m + 12), sine, 0.2, { attack: 0.2, decay: 1.5, release: 0.2 }, 0.004));
    },
  },
  {
    label: 'ballad',
    tempo: [60, 80],
    meter: 4,
    register: 62,
    render(v) {
      // Slow sine melody with vibrato over soft piano-like plucked bass notes; kick on 1, brushed hats.
      const scale = SCALES.major;
      drums(v, 'x.......', '....x...', 'x.x.x.x.', 2, 0.4);
      everyStep(v, 'x...', 1, (t) => pluck(v, t, 2 * v.beat, midiToHz(v.root - 12), 0.4 * v.mix));
      melody(v, scale, 1, 0.8, (t, m, d) => tone(v, t, 1.8 * d, midiToHz(m), sine, 0.45, { attack: 0.06, decay: 1.2, release: 0.1 }, 0.006));
    },
  },
  {
    label: 'bells',
    tempo: [80, 100],
    meter: 4,
    register: 76,
    render(v) {
      // Sparse FM bells on a whole-tone scale, long ringing, no drums; a low drone underneath.
      const scale = SCALES.wholeTone;
      tone(v, 0, v.out.length / v.sr, midiToHz(v.root - 24), triangle, 0.12 * v.mix, SUSTAINED);
      melody(v, scale, 2, 0.45, (t, m) => tone(v, t, 1.5, midiToHz(m), bell, 0.4, { attack: 0.002, decay: 0.6, release: 0.05 }), 3);
    },
  },
  {
    label: 'breakbeat',
    tempo: [160, 180],
    meter: 4,
    register: 36,
    render(v) {
      // Syncopated kick/snare with busy 16th hats and a sine sub-bass following the kick.
      const kicks = 'x.........x.....';
      drums(v, kicks, '....x..x.x..x...', 'xxxxxxxxxxxxxxxx', 4, 0.9);
      everyStep(v, kicks, 4, (t) => tone(v, t, v.beat, midiToHz(v.root), sine, 0.5 * v.mix, { attack: 0.005, decay: 0.4, release: 0.05 }));
      melody(v, SCALES.minorPentatonic, 2, 0.25, (t, m, d) => tone(v, t, d, midiToHz(m + 36), square, 0.12, PERCUSSIVE));
    },
  },
  {
    label: 'chiptune',
    tempo: [140, 170],
    meter: 4,
    register: 72,
    render(v) {
      // Fast square-wave arpeggios in a high register, square bass on beats, light 8th hats.
      const scale = SCALES.pentatonic;
      drums(v, 'x.......x.......', '....x.......x...', 'x.x.x.x.x.x.x.x.', 4, 0.5);
      everyStep(v, 'x.x.', 2, (t) => tone(v, t, 0.9 * v.beat, midiToHz(v.root - 24), square, 0.15 * v.mix, { attack: 0.002, decay: Infinity, release: 0.01 }));
      melody(v, scale, 4, 0.9, (t, m, d) => tone(v, t, 0.9 * d, midiToHz(m), square, 0.25, { attack: 0.002, decay: Infinity, release: 0.01 }), 3);
    },
  },
  {
    label: 'dub',
    tempo: [70, 90],
    meter: 4,
    register: 38,
    render(v) {
      // One-drop drums (kick and snare on beat 3), deep saw bass, off-beat organ skank, heavy echo.
      const scale = SCALES.minor;
      drums(v, '........x.......', '........x.......', '..x...x...x...x.', 4, 0.8);
      melody(v, scale, 1, 0.7, (t, m) => tone(v, t, 0.9 * v.beat, midiToHz(m), saw, 0.35 * v.mix, { attack: 0.01, decay: 0.5, release: 0.05 }), 1);
      everyStep(v, '..x...x...x...x.', 4, (t) => {
        for (const m of triad(v.root + 24, scale, 0)) tone(v, t, 0.2 * v.beat, midiToHz(m), organ, 0.12, PERCUSSIVE);
      });
      echo(v, 0.75 * v.beat, 0.45);
    },
  },
  {
    label: 'folk',
    tempo: [90, 120],
    meter: 4,
    register: 55,
    render(v) {
      // Strummed plucked-string chords on 8ths (Karplus-Strong), a plucked melody, hand-clap snare.
      const scale = SCALES.mixolydian;
      drums(v, '........', '..x...x.', '........', 2, 0.35);
      let chord = triad(v.root, scale, 0);
      everyStep(v, 'xxxxxxxx', 2, (t, s) => {
        if (s === 0) chord = triad(v.root, scale, [0, 3, 4, 6][v.rng.int(4)]);
        chord.forEach((m, k) => pluck(v, t + 0.012 * k, 0.8, midiToHz(m), (s % 2 === 0 ? 0.25 : 0.15) * v.mix));
      }, 0.1);
      melody(v, scale, 2, 0.6, (t, m) => pluck(v, t, 1.2, midiToHz(m + 12), 0.35));
    },
  },
  {
    label: 'industrial',
    tempo: [100, 140],
    meter: 4,
    register: 45,
    render(v) {
      // Distorted saw riff in a low-mid register, pounding kicks, noise bursts on the backbeat.
      const scale = SCALES.minorPentatonic;
      drums(v, 'x.x.x.x.x.x.x.x.', '....x.......x..x', '..x...x...x...x.', 4, 1, true);
      melody(v, scale, 4, 0.75, (t, m, d) => tone(v, t, 0.95 * d, midiToHz(m), fuzz, 0.3, { attack: 0.002, decay: 0.3, release: 0.01 }), 1);
      everyStep(v, '....x.......x...', 4, (t) => {
        for (let k = 0; k < 3; k++) snare(v, t + k * 0.03, 0.3 * v.mix);
      });
    },
  },
  {
    label: 'techno',
    tempo: [120, 135],
    meter: 4,
    register: 57,
    render(v) {
      // Four-on-the-floor kick, open off-beat hats, short saw chord stabs, a repeating bass note.
      const scale = SCALES.minor;
      drums(v, 'x...x...x...x...', '................', '..x...x...x...x.', 4, 1, true);
      everyStep(v, 'x.xx.x.xx.xx.x.x', 4, (t) => tone(v, t, 0.2 * v.beat, midiToHz(v.root - 24), saw, 0.3 * v.mix, PERCUSSIVE));
      const stabs = triad(v.root, scale, v.rng.int(3));
      melody(v, scale, 4, 0.3, (t) => {
        for (const m of stabs) tone(v, t, 0.25 * v.beat, midiToHz(m), saw, 0.12, { attack: 0.002, decay: 0.08, release: 0.02 });
      });
    },
  },
  {
    label: 'waltz',
    tempo: [90, 120],
    meter: 3,
    register: 64,
    render(v) {
      // 3/4: bass note on beat 1, plucked chords on beats 2 and 3, a triangle-wave melody.
      const scale = SCALES.major;
      let chordDegree = 0;
      everyStep(v, 'xxx', 1, (t, s) => {
        if (s === 0) {
          chordDegree = [0, 3, 4][v.rng.int(3)];
          if (v.playDrums) pluck(v, t, 1, midiToHz(degreeToMidi(v.root - 24, scale, chordDegree)), 0.5 * v.mix);
        } else {
          for (const m of triad(v.root - 12, scale, chordDegree)) pluck(v, t, 0.5, midiToHz(m), 0.18 * v.mix);
        }
      });
      melody(v, scale, 1, 0.85, (t, m) => tone(v, t, 0.95 * v.beat, midiToHz(m), triangle, 0.35, { attack: 0.02, decay: 0.8, release: 0.05 }, 0.003));
    },
  },
];

/** Class names of the synthetic corpus, sorted like dataset labels. */
export const SYNTHETIC_LABELS: readonly string[] = STYLES.map((s) => s.label);

function addNoiseFloor(v: Voice, level: number): void {
  for (let i = 0; i < v.out.length; i++) v.out[i] += level * v.rng.uniform(-1, 1);
}

function normalisePeak(x: Float64Array, peak: number): Float32Array {
  let max = 0;
  for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i]));
  const out = new Float32Array(x.length);
  const gain = max > 0 ? peak / max : 0;
  for (let i = 0; i < x.length; i++) out[i] = x[i] * gain;
  return out;
}

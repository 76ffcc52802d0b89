/**
 * The instruments of the synthetic corpus: what a style renders into (`Voice`), scales, waveforms
 * and envelopes, notes (`tone`, a Karplus-Strong `pluck`), drums (kick, snare, hi-hat), step
 * patterns, melodies as random walks over a scale, and an echo. Everything adds into the voice's
 * float64 buffer at its sample rate and draws its randomness from the clip's `Rng`.
 */
import type { Rng } from '../../../autograd/random.js';

/** What a style renders into: the buffer, the clip's random draws and its musical frame. */
export interface Voice {
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

export const SCALES = {
  major: [0, 2, 4, 5, 7, 9, 11],
  minor: [0, 2, 3, 5, 7, 8, 10],
  pentatonic: [0, 2, 4, 7, 9],
  minorPentatonic: [0, 3, 5, 7, 10],
  wholeTone: [0, 2, 4, 6, 8, 10],
  mixolydian: [0, 2, 4, 5, 7, 9, 10],
};

export function midiToHz(midi: number): number {
  return 440 * 2 ** ((midi - 69) / 12);
}

/** MIDI note of scale degree `degree` (may exceed the scale length or be negative) above `root`. */
export function degreeToMidi(root: number, scale: number[], degree: number): number {
  const octave = Math.floor(degree / scale.length);
  return root + 12 * octave + scale[degree - octave * scale.length];
}

/** A waveform of phase (in cycles) and time since onset (in seconds), in [-1, 1]. */
export type Waveform = (phase: number, t: number) => number;

export const sine: Waveform = (p) => Math.sin(2 * Math.PI * p);
export const square: Waveform = (p) => (p - Math.floor(p) < 0.5 ? 1 : -1);
export const saw: Waveform = (p) => 2 * (p - Math.floor(p)) - 1;
export const triangle: Waveform = (p) => 4 * Math.abs(p - Math.floor(p) - 0.5) - 1;
/** Organ: odd harmonics 1, 3, 5 with falling weights (a drawbar-like hollow sound). */
export const organ: Waveform = (p) => (Math.sin(2 * Math.PI * p) + 0.5 * Math.sin(6 * Math.PI * p) + 0.25 * Math.sin(10 * Math.PI * p)) / 1.75;
/** FM bell: carrier at f, modulator at 3.5 f, modulation index falling from 4 with time. */
export const bell: Waveform = (p, t) => Math.sin(2 * Math.PI * p + 4 * Math.exp(-t * 3) * Math.sin(2 * Math.PI * 3.5 * p));
/** Saw driven into tanh: a distorted lead rich in odd and even harmonics. */
export const fuzz: Waveform = (p) => Math.tanh(4 * (2 * (p - Math.floor(p)) - 1));
/** Pad: five harmonics with 1/k weights, slightly detuned second partial for movement. */
export const pad: Waveform = (p, t) => {
  let s = 0;
  for (let k = 1; k <= 5; k++) s += Math.sin(2 * Math.PI * (k * p + (k === 2 ? 0.3 * t : 0))) / k;
  return s / 2.28;
};

export interface Envelope {
  /** Linear attack in seconds. */
  attack: number;
  /** Exponential decay time constant in seconds (Infinity: sustain). */
  decay: number;
  /** Linear release at the end of the note, in seconds. */
  release: number;
}

export const PERCUSSIVE: Envelope = { attack: 0.004, decay: 0.15, release: 0.02 };
export const SUSTAINED: Envelope = { attack: 0.05, decay: Infinity, release: 0.08 };

/** Add one note of `wave` at `freq` Hz from `start` for `dur` seconds, with envelope and optional vibrato (Hz depth ratio, rate). */
export function tone(v: Voice, start: number, dur: number, freq: number, wave: Waveform, gain: number, env: Envelope, vibrato = 0): void {
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
export function pluck(v: Voice, start: number, dur: number, freq: number, gain: number): void {
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
export function kick(v: Voice, start: number, gain: number): void {
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
export function snare(v: Voice, start: number, gain: number): void {
  const first = Math.round(start * v.sr);
  for (let j = 0; j < 0.25 * v.sr; j++) {
    const t = j / v.sr;
    const i = first + j;
    const noise = v.rng.uniform(-1, 1);
    if (i >= 0 && i < v.out.length) v.out[i] += gain * Math.exp(-t / 0.08) * (0.7 * noise + 0.5 * Math.sin(2 * Math.PI * 190 * t));
  }
}

/** Hi-hat: first-differenced (high-passed) noise, 0.03 s closed or 0.15 s open. */
export function hat(v: Voice, start: number, gain: number, open = false): void {
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
export function everyStep(v: Voice, pattern: string, stepsPerBeat: number, hit: (time: number, step: number) => void, swing = 0): void {
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

export function drums(v: Voice, kicks: string, snares: string, hats: string, stepsPerBeat: number, gain = 0.8, openHats = false): void {
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
export function melody(v: Voice, scale: number[], stepsPerBeat: number, density: number, play: (time: number, midi: number, stepDur: number) => void, maxStep = 2): void {
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
export function triad(root: number, scale: number[], degree: number): number[] {
  return [0, 2, 4].map((k) => degreeToMidi(root, scale, degree + k));
}

/** Feedback echo: y[n] += feedback · y[n − delay·sr]. */
export function echo(v: Voice, delay: number, feedback: number): void {
  const d = Math.round(delay * v.sr);
  for (let i = d; i < v.out.length; i++) v.out[i] += feedback * v.out[i - d];
}

/** White noise of amplitude `level` under the whole clip. */
export function addNoiseFloor(v: Voice, level: number): void {
  for (let i = 0; i < v.out.length; i++) v.out[i] += level * v.rng.uniform(-1, 1);
}

/** The clip as float32, scaled so that its largest |sample| is `peak`. */
export function normalisePeak(x: Float64Array, peak: number): Float32Array {
  let max = 0;
  for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i]));
  const out = new Float32Array(x.length);
  const gain = max > 0 ? peak / max : 0;
  for (let i = 0; i < x.length; i++) out[i] = x[i] * gain;
  return out;
}

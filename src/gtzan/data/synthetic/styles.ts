/**
 * The ten styles of the synthetic corpus, one class each: its rhythm (tempo range, meter, drum
 * pattern), pitch (scale, register, note density) and timbre (waveform, harmonics, plucked or FM
 * tones, noise), played on the instruments of `instruments.ts`. Sorted by label, like dataset labels.
 */
import { bell, degreeToMidi, drums, echo, everyStep, fuzz, melody, midiToHz, organ, pad, PERCUSSIVE, pluck, saw, SCALES, sine, snare, square, SUSTAINED, tone, triad, triangle, type Voice } from './instruments.js';

export interface Style {
  label: string;
  /** Tempo range in beats per minute. */
  tempo: [number, number];
  /** Beats per bar. */
  meter: number;
  /** MIDI note around which the clip's key is drawn (±3 semitones). */
  register: number;
  render(v: Voice): void;
}

export const STYLES: Style[] = [
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


/** The messages between the page (app.ts) and its worker (worker.ts). */
import type { Classification } from '../src/gtzan/classify/classifier.js';

export type ToWorker =
  | { kind: 'classifier'; name: string; bytes: ArrayBuffer }
  | { kind: 'audio'; name: string; bytes: ArrayBuffer }
  | { kind: 'samples'; name: string; samples: Float32Array; sampleRate: number; decodeMs: number }
  /** Train a small model on the synthetic corpus on `backend`, then classify with it. */
  | { kind: 'train'; backend: 'simd' | 'gpujs' | 'reference'; model: string; epochs: number };

export type FromWorker =
  | { kind: 'ready'; name: string; labels: string[]; model: string; accuracy: number | null }
  | { kind: 'progress'; name: string; stage: string; done: number; total: number }
  /** The file is not WAV/AIFF/.au: the page decodes it with the browser's decodeAudioData and sends samples back. */
  | { kind: 'needs-browser-decoder'; name: string; bytes: ArrayBuffer }
  | {
      kind: 'result';
      name: string;
      classification: Classification;
      labels: string[];
      featuresSvg: string;
      /** Samples of the waveform to draw, at most 2000 min/max pairs. */
      envelope: Float32Array;
      timings: { stage: string; ms: number }[];
      backend: string;
    }
  | { kind: 'epoch'; epoch: number; epochs: number; loss: number; accuracy: number; valAccuracy: number | null; seconds: number; curvesSvg: string }
  | { kind: 'trained'; backend: string; testAccuracy: number; seconds: number; featureSeconds: number }
  | { kind: 'error'; name: string; message: string };

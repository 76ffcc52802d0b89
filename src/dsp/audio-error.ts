import type { SampleLayout } from './pcm.js';

/** Why an audio file could not be decoded; the message is `${file}: ${reason}`, one line. */
export class AudioDecodeError extends Error {
  readonly file: string;
  readonly reason: string;

  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'AudioDecodeError';
    this.file = file;
    this.reason = reason;
  }
}

/**
 * Samples as decoded from a file: one Float32Array per channel, values in [-1, 1], plus what the
 * decoder tolerated: `warnings` are one-line descriptions of header defects it read past (e.g. a
 * RIFF size that disagrees with the file), for callers to show; empty for a clean file.
 */
export interface PcmAudio {
  channels: Float32Array[];
  sampleRate: number;
  warnings: string[];
}

/** A file's samples before decoding: the bytes of whole frames (a view into the file) and how they are stored; `warnings` as in `PcmAudio`. */
export interface EncodedPcm {
  data: Uint8Array;
  layout: SampleLayout;
  sampleRate: number;
  warnings: string[];
}

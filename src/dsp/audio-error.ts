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

/** Interleaved-free PCM as decoded from a file: one Float32Array per channel, values in [-1, 1]. */
export interface PcmAudio {
  channels: Float32Array[];
  sampleRate: number;
}

/** Types for `wav-decoder` 1.3 (the package ships none); only the synchronous decoder is used. */
declare module 'wav-decoder' {
  interface DecodedWav {
    sampleRate: number;
    numberOfChannels: number;
    length: number;
    channelData: Float32Array[];
  }
  interface Decode {
    (buffer: ArrayBuffer, opts?: { symmetric?: boolean }): Promise<DecodedWav>;
    sync(buffer: ArrayBuffer, opts?: { symmetric?: boolean }): DecodedWav;
  }
  export const decode: Decode;
}

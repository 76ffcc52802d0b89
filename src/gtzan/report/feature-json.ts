/**
 * `bench/features.js --json`: a clip's features as one JSON document in the oracle's schema,
 * `{"meta": {...}, "features": {NAME: [[...], ...]}}`, frame-major (`features[name][t][k]` is
 * librosa's `output[k, t]`), written in chunks as it is produced.
 *
 * Streaming matters: an hour of audio is ~155,000 frames × 1,025 STFT bins, far beyond the longest
 * string a JavaScript engine can build, so the document is never held whole; at most one chunk of
 * about `chunkChars` characters is.
 */

/** One feature's frame matrix: `[nFrames, width]` row-major. */
export interface FeatureMatrix {
  nFrames: number;
  width: number;
  data: Float32Array;
}

/** Default chunk size: 1 Mi characters. */
export const JSON_CHUNK_CHARS = 1 << 20;

/**
 * Write the document through `write`, one call per chunk of at least `chunkChars` characters (the
 * last may be shorter). Values have 9 significant digits, which round-trip float32 exactly.
 */
export function writeFeatureJson(meta: unknown, features: Record<string, FeatureMatrix>, write: (chunk: string) => void, chunkChars = JSON_CHUNK_CHARS): void {
  let parts: string[] = [];
  let size = 0;
  const emit = (text: string) => {
    parts.push(text);
    size += text.length;
    if (size >= chunkChars) {
      write(parts.join(''));
      parts = [];
      size = 0;
    }
  };
  emit(`{"meta":${JSON.stringify(meta)},"features":{`);
  Object.entries(features).forEach(([name, m], i) => {
    emit(`${i ? ',' : ''}${JSON.stringify(name)}:[`);
    const row = new Array<number>(m.width);
    for (let t = 0; t < m.nFrames; t++) {
      for (let k = 0; k < m.width; k++) row[k] = Number(m.data[t * m.width + k].toPrecision(9));
      emit(`${t ? ',' : ''}[${row.join(',')}]`);
    }
    emit(']');
  });
  emit('}}\n');
  if (size > 0) write(parts.join(''));
}

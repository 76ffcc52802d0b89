/** The finiteness check of extracted features, shared by extraction and classification (pure: no `node:` module). */
import type { FrameFeatures } from '../../dsp/index.js';

/**
 * Null when every value of `features` is finite, else the first non-finite one: which feature, at
 * which frame, and (given the samples) their peak magnitude.
 */
export function nonFiniteFeatures(features: FrameFeatures, samples?: Float32Array): string | null {
  const at = features.data.findIndex((v) => !Number.isFinite(v));
  if (at < 0) return null;
  const frame = Math.floor(at / features.nFeatures);
  const name = features.names[at % features.nFeatures];
  let peak = 0;
  if (samples !== undefined) for (const x of samples) peak = Math.max(peak, Math.abs(x));
  const cause = samples === undefined ? '' : `; the samples are finite but reach |x| = ${peak.toPrecision(3)}, beyond what float32 spectra hold`;
  return `non-finite feature (${features.data[at]}) ${name} at frame ${frame}${cause}`;
}

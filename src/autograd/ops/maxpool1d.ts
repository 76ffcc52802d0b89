/**
 * maxPool1d in Keras layout (`keras.layers.MaxPooling1D`, padding 'valid'):
 *   x [B, T, C] → y [B, Tout, C], Tout = floor((T - poolSize) / stride) + 1,
 *   y[b, t, c] = max_{k < poolSize} x[b, t·stride + k, c].
 * The forward caches the argmax frame of every output; backward routes dy there (first maximum
 * wins on ties, as TensorFlow does).
 */
import { record } from '../engine.js';
import { formatShape } from '../shape.js';
import { allocateLike, type Tensor } from '../tensor.js';

export function maxPool1d(x: Tensor, poolSize: number, stride: number = poolSize): Tensor {
  if (x.rank !== 3) throw new Error(`maxPool1d: expects x [B, T, C], got ${formatShape(x.shape)}`);
  const [batch, length, channels] = x.shape;
  const outLength = Math.floor((length - poolSize) / stride) + 1;
  if (outLength < 1) throw new Error(`maxPool1d: input length ${length} is shorter than pool size ${poolSize}, x ${formatShape(x.shape)}`);
  const xd = x.data;
  const y = allocateLike(xd, batch * outLength * channels);
  const argmax = new Int32Array(y.length);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < outLength; t++) {
      const out = (b * outLength + t) * channels;
      const first = (b * length + t * stride) * channels;
      for (let c = 0; c < channels; c++) {
        let best = first + c;
        for (let k = 1; k < poolSize; k++) {
          const idx = first + k * channels + c;
          if (xd[idx] > xd[best]) best = idx;
        }
        y[out + c] = xd[best];
        argmax[out + c] = best;
      }
    }
  }
  return record('maxPool1d', y, [batch, outLength, channels], [x], (dy) => {
    const dx = allocateLike(xd);
    for (let i = 0; i < dy.length; i++) dx[argmax[i]] += dy[i];
    return [dx];
  });
}

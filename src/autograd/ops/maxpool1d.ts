/**
 * maxPool1d in Keras layout (`keras.layers.MaxPooling1D`):
 *   x [B, T, C] → y [B, Tout, C],  y[b, t, c] = max_{k < poolSize} xpad[b, t·stride + k − padBefore, c].
 * 'valid': Tout = floor((T - poolSize) / stride) + 1, no padding. 'same': Tout = ceil(T / stride)
 * with TensorFlow's split of the padding (`convGeometry`); padded frames count as −∞, so they are
 * skipped rather than materialised (every 'same' window holds at least one real frame).
 * The forward caches the argmax frame of every output (as its offset in the window, one byte for
 * pools up to 256); backward routes dy there (first maximum wins on ties, as TensorFlow does).
 * Windows of two real frames, the paper's pool, take a path with one comparison per output.
 */
import { record } from '../engine.js';
import { formatShape } from '../shape.js';
import { allocateLike, type Tensor } from '../tensor.js';
import { convGeometry, type Padding } from './conv1d.js';

export function maxPool1d(x: Tensor, poolSize: number, stride: number = poolSize, padding: Padding = 'valid'): Tensor {
  if (x.rank !== 3) throw new Error(`maxPool1d: expects x [B, T, C], got ${formatShape(x.shape)}`);
  const [batch, length, channels] = x.shape;
  const { outLength, padBefore } = convGeometry(length, poolSize, stride, padding);
  if (outLength < 1) throw new Error(`maxPool1d: input length ${length} is shorter than pool size ${poolSize}, x ${formatShape(x.shape)}`);
  const xd = x.data;
  const y = allocateLike(xd, batch * outLength * channels);
  // which[i]: the frame of output i's maximum, counted from its window's first real frame
  const which = poolSize <= 256 ? new Uint8Array(y.length) : new Int32Array(y.length);
  /** The first real frame of window t. */
  const windowStart = (t: number) => Math.max(t * stride - padBefore, 0);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < outLength; t++) {
      const start = windowStart(t);
      const frames = Math.min(t * stride - padBefore + poolSize, length) - start;
      const out = (b * outLength + t) * channels;
      const first = (b * length + start) * channels;
      if (frames === 2) {
        // the paper's pool: one comparison per output
        const second = first + channels;
        for (let c = 0; c < channels; c++) {
          const a = xd[first + c];
          const v = xd[second + c];
          if (v > a) {
            y[out + c] = v;
            which[out + c] = 1;
          } else y[out + c] = a;
        }
        continue;
      }
      for (let c = 0; c < channels; c++) {
        let best = 0;
        let value = xd[first + c];
        for (let k = 1; k < frames; k++) {
          const v = xd[first + k * channels + c];
          if (v > value) {
            best = k;
            value = v;
          }
        }
        y[out + c] = value;
        which[out + c] = best;
      }
    }
  }
  return record('maxPool1d', y, [batch, outLength, channels], [x], (dy) => {
    const dx = allocateLike(xd);
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < outLength; t++) {
        const out = (b * outLength + t) * channels;
        const first = (b * length + windowStart(t)) * channels;
        for (let c = 0; c < channels; c++) dx[first + which[out + c] * channels + c] += dy[out + c];
      }
    }
    return [dx];
  });
}

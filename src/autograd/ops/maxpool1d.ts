/**
 * maxPool1d in Keras layout (`keras.layers.MaxPooling1D`):
 *   x [B, T, C] → y [B, Tout, C],  y[b, t, c] = max_{k < poolSize} xpad[b, t·stride + k − padBefore, c].
 * 'valid': Tout = floor((T - poolSize) / stride) + 1, no padding. 'same': Tout = ceil(T / stride)
 * with TensorFlow's split of the padding (`convGeometry`); padded frames count as −∞, so they are
 * skipped rather than materialised (every 'same' window holds at least one real frame).
 * The forward caches the argmax frame of every output; backward routes dy there (first maximum
 * wins on ties, as TensorFlow does). Windows of two real frames, the paper's pool, take a path
 * with one branch-free comparison per output.
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
  // argmax[i]: the index in x of output i's maximum
  const argmax = new Int32Array(y.length);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < outLength; t++) {
      const start = Math.max(t * stride - padBefore, 0);
      const frames = Math.min(t * stride - padBefore + poolSize, length) - start;
      const out = (b * outLength + t) * channels;
      const first = (b * length + start) * channels;
      if (frames === 2) {
        // the paper's pool: one comparison per output, used as an index (no branch to mispredict)
        for (let c = 0; c < channels; c++) {
          const at = first + +(xd[first + channels + c] > xd[first + c]) * channels + c;
          argmax[out + c] = at;
          y[out + c] = xd[at];
        }
        continue;
      }
      for (let c = 0; c < channels; c++) {
        let best = first + c;
        let value = xd[best];
        for (let at = best + channels, last = first + frames * channels; at < last; at += channels) {
          if (xd[at] > value) {
            best = at;
            value = xd[at];
          }
        }
        y[out + c] = value;
        argmax[out + c] = best;
      }
    }
  }
  // windows that do not overlap send each input at most one gradient: stores, not additions
  const disjoint = stride >= poolSize;
  return record('maxPool1d', y, [batch, outLength, channels], [x], (dy) => {
    const dx = allocateLike(xd);
    if (disjoint) for (let i = 0; i < dy.length; i++) dx[argmax[i]] = dy[i];
    else for (let i = 0; i < dy.length; i++) dx[argmax[i]] += dy[i];
    return [dx];
  });
}

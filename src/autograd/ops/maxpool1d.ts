/**
 * maxPool1d in Keras layout (`keras.layers.MaxPooling1D`):
 *   x [B, T, C] → y [B, Tout, C],  y[b, t, c] = max_{k < poolSize} xpad[b, t·stride + k − padBefore, c].
 * 'valid': Tout = floor((T - poolSize) / stride) + 1, no padding. 'same': Tout = ceil(T / stride)
 * with TensorFlow's split of the padding (`convGeometry`); padded frames count as −∞, so they are
 * skipped rather than materialised (every 'same' window holds at least one real frame).
 * The forward caches the argmax frame of every output; backward routes dy there (first maximum
 * wins on ties, as TensorFlow does). The paper's pool (2, stride 2) is a backend kernel
 * (`Backend.maxPoolPairs`) that caches one byte per output.
 */
import { getBackend } from '../backend/backend.js';
import { record } from '../engine.js';
import { formatShape } from '../shape.js';
import { allocateLike, type Data, type Tensor } from '../tensor.js';
import { convGeometry, type Padding } from './conv1d.js';

export function maxPool1d(x: Tensor, poolSize: number, stride: number = poolSize, padding: Padding = 'valid'): Tensor {
  if (x.rank !== 3) throw new Error(`maxPool1d: expects x [B, T, C], got ${formatShape(x.shape)}`);
  const [batch, length, channels] = x.shape;
  const { outLength, padBefore } = convGeometry(length, poolSize, stride, padding);
  if (outLength < 1) throw new Error(`maxPool1d: input length ${length} is shorter than pool size ${poolSize}, x ${formatShape(x.shape)}`);
  const xd = x.data;
  const y = allocateLike(xd, batch * outLength * channels);
  const start = (t: number) => Math.max(t * stride - padBefore, 0);
  const frames = (t: number) => Math.min(t * stride - padBefore + poolSize, length) - start(t);
  if (poolSize === 2 && stride === 2 && padBefore === 0) return pairs(x, y, batch, length, channels, outLength);
  // argmax[i]: the index in x of output i's maximum
  const argmax = new Int32Array(y.length);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < outLength; t++) {
      const out = (b * outLength + t) * channels;
      const first = (b * length + start(t)) * channels;
      const last = first + frames(t) * channels;
      for (let c = 0; c < channels; c++) {
        let best = first + c;
        let value = xd[best];
        for (let at = best + channels; at < last; at += channels) {
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

/**
 * The paper's pool (2, stride 2, no padding before: 'valid', or 'same', which pads only after an
 * odd length): window t holds frames 2t and 2t + 1 (or 2t alone at the end of an odd length) and
 * windows never overlap, so the backend's `maxPoolPairs` computes it, caching which frame won as a
 * byte per output that its backward uses to store dy.
 */
function pairs(x: Tensor, y: Data, batch: number, length: number, channels: number, outLength: number): Tensor {
  const g = { batch, length, channels, outLength };
  const backend = getBackend();
  const second = new Uint8Array(y.length);
  backend.maxPoolPairs(x.data, y, second, g);
  return record('maxPool1d', y, [batch, outLength, channels], [x], (dy) => {
    const dx = allocateLike(x.data);
    backend.maxPoolPairsBackward(dy, second, dx, g);
    return [dx];
  });
}

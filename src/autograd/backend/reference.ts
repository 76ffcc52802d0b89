/**
 * Reference backend: the plainest correct loops, always available, the yardstick for every other
 * backend and where the fast backends send float64 data (the gradient checks). The convolution
 * follows its definition term by term; the LSTM recurrence is the loops of `lstm-loops.ts` around
 * this matmul; the max-pooling is plain loops.
 */
import type { Data } from '../tensor.js';
import type { Backend, Conv1dGrads, Conv1dShape, PoolShape } from './backend.js';
import { lstmLoops } from './lstm-loops.js';

/**
 * C[i, j] = Σ_p op(A)[i, p] · op(B)[p, j], accumulated in i-p-j order so the inner loop walks a
 * row of C (and a row of B when B is not transposed).
 */
function matmul(a: Data, b: Data, c: Data, m: number, k: number, n: number, transA = false, transB = false): void {
  c.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const cRow = i * n;
    for (let p = 0; p < k; p++) {
      const aip = transA ? a[p * m + i] : a[i * k + p];
      if (aip === 0) continue;
      if (transB) {
        for (let j = 0; j < n; j++) c[cRow + j] += aip * b[j * k + p];
      } else {
        const bRow = p * n;
        for (let j = 0; j < n; j++) c[cRow + j] += aip * b[bRow + j];
      }
    }
  }
}

/** The input frame under tap k of output frame t, or -1 where the window leaves the signal. */
function frameOf(t: number, k: number, g: Conv1dShape): number {
  const j = t * g.stride + k - g.padBefore;
  return j >= 0 && j < g.length ? j : -1;
}

/** y[b, t, o] = act(Σ_k Σ_c x[b, j(t, k), c] · w[k, c, o] + bias[o]), by the definition. */
function conv1d(x: Data, w: Data, bias: Data | null, relu: boolean, y: Data, g: Conv1dShape): void {
  const { batch, length, channels, kernel, filters, outLength } = g;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < outLength; t++) {
      const out = (b * outLength + t) * filters;
      for (let o = 0; o < filters; o++) {
        let z = 0;
        for (let k = 0; k < kernel; k++) {
          const j = frameOf(t, k, g);
          if (j < 0) continue;
          for (let c = 0; c < channels; c++) z += x[(b * length + j) * channels + c] * w[(k * channels + c) * filters + o];
        }
        if (bias !== null) z += bias[o];
        y[out + o] = relu && z < 0 ? 0 : z;
      }
    }
  }
}

/**
 * dz = dy ⊙ [y > 0] (relu) or dy; then dbias[o] = Σ dz[b, t, o], dw[k, c, o] = Σ_{b,t} x[b, j, c]·dz[b, t, o]
 * and dx[b, j, c] = Σ_{t,k} w[k, c, o]·dz[b, t, o] over the (t, k) that read frame j.
 */
function conv1dBackward(x: Data, w: Data, y: Data | null, dy: Data, relu: boolean, g: Conv1dShape, { dx, dw, dbias }: Conv1dGrads): void {
  const { batch, length, channels, kernel, filters, outLength } = g;
  if (relu && y === null) throw new Error('conv1dBackward: relu needs the forward output y');
  const dz = (i: number) => (relu && !(y![i] > 0) ? 0 : dy[i]);
  dx?.fill(0);
  dw?.fill(0);
  dbias?.fill(0);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < outLength; t++) {
      const out = (b * outLength + t) * filters;
      if (dbias) for (let o = 0; o < filters; o++) dbias[o] += dz(out + o);
      for (let k = 0; k < kernel; k++) {
        const j = frameOf(t, k, g);
        if (j < 0) continue;
        for (let c = 0; c < channels; c++) {
          const xi = (b * length + j) * channels + c;
          const wi = (k * channels + c) * filters;
          for (let o = 0; o < filters; o++) {
            const grad = dz(out + o);
            if (dw) dw[wi + o] += x[xi] * grad;
            if (dx) dx[xi] += w[wi + o] * grad;
          }
        }
      }
    }
  }
}

/**
 * `Backend.maxPoolPairs`: the comparison x[2t + 1] > x[2t] picks the frame as an index (no branch
 * to mispredict on random-looking data).
 */
function maxPoolPairs(x: Data, y: Data, second: Uint8Array, { batch, length, channels, outLength }: PoolShape): void {
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < outLength; t++) {
      const out = (b * outLength + t) * channels;
      const first = (b * length + 2 * t) * channels;
      if (2 * t + 1 === length) {
        for (let c = 0; c < channels; c++) {
          y[out + c] = x[first + c];
          second[out + c] = 0;
        }
        continue;
      }
      for (let c = 0; c < channels; c++) {
        const k = +(x[first + channels + c] > x[first + c]);
        second[out + c] = 0xff * k;
        y[out + c] = x[first + k * channels + c];
      }
    }
  }
}

/** `Backend.maxPoolPairsBackward`: zeros, then each dy stored at its window's maximum (windows never overlap). */
function maxPoolPairsBackward(dy: Data, second: Uint8Array, dx: Data, { batch, length, channels, outLength }: PoolShape): void {
  dx.fill(0, 0, batch * length * channels);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < outLength; t++) {
      const out = (b * outLength + t) * channels;
      const first = (b * length + 2 * t) * channels;
      for (let c = 0; c < channels; c++) dx[first + (second[out + c] & 1) * channels + c] = dy[out + c];
    }
  }
}

export const referenceBackend: Backend = { name: 'reference', matmul, conv1d, conv1dBackward, ...lstmLoops(matmul), maxPoolPairs, maxPoolPairsBackward };

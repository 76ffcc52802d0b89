/**
 * conv1d as im2col + matmul, for backends whose only kernel is a matmul (tiled, gpu.js):
 *   cols[b·Tout + t, k·Cin + c] = x[b, t·stride + k − padBefore, c]   (0 outside the signal),
 *   y = act(cols · W + bias) with W viewed as [K·Cin, Cout];
 *   backward with dz = dy ⊙ [y > 0] (relu) or dy: dW = colsᵀ · dz, dbias = Σ_rows dz,
 *   dCols = dz · Wᵀ scattered back into dx (col2im).
 * The products run on the backend's own matmul (its transposed variants, so nothing is copied);
 * the copies and the elementwise passes are plain loops.
 */
import { allocateLike, type Data } from '../tensor.js';
import type { Backend, Conv1dGrads, Conv1dShape } from './backend.js';

type Matmul = Backend['matmul'];

/**
 * Visit every (window position, kernel tap) whose input frame lies inside the signal:
 * `visit(colOffset, srcOffset)` pairs the im2col row segment with the input frame (Cin values each).
 */
function forEachWindow(g: Conv1dShape, visit: (colOffset: number, srcOffset: number) => void): void {
  const { batch, length, channels, kernel, stride, padBefore, outLength } = g;
  const patch = kernel * channels;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < outLength; t++) {
      const rowOffset = (b * outLength + t) * patch;
      for (let k = 0; k < kernel; k++) {
        const frame = t * stride + k - padBefore;
        if (frame < 0 || frame >= length) continue;
        visit(rowOffset + k * channels, (b * length + frame) * channels);
      }
    }
  }
}

function im2col(x: Data, g: Conv1dShape): Data {
  const cols = allocateLike(x, g.batch * g.outLength * g.kernel * g.channels);
  forEachWindow(g, (col, src) => cols.set(x.subarray(src, src + g.channels), col));
  return cols;
}

/** conv1d and conv1dBackward on top of `matmul`. */
export function im2colConv(matmul: Matmul): Pick<Backend, 'conv1d' | 'conv1dBackward'> {
  return {
    conv1d(x: Data, w: Data, bias: Data | null, relu: boolean, y: Data, g: Conv1dShape): void {
      const rows = g.batch * g.outLength;
      const n = g.filters;
      matmul(im2col(x, g), w, y, rows, g.kernel * g.channels, n);
      if (bias === null && !relu) return;
      for (let base = 0; base < rows * n; base += n) {
        for (let o = 0; o < n; o++) {
          const z = bias === null ? y[base + o] : y[base + o] + bias[o];
          y[base + o] = relu && z < 0 ? 0 : z;
        }
      }
    },

    conv1dBackward(x: Data, w: Data, y: Data | null, dy: Data, relu: boolean, g: Conv1dShape, { dx, dw, dbias }: Conv1dGrads): void {
      const rows = g.batch * g.outLength;
      const n = g.filters;
      const patch = g.kernel * g.channels;
      let dz = dy;
      if (relu) {
        if (y === null) throw new Error('conv1dBackward: relu needs the forward output y');
        dz = allocateLike(dy, rows * n);
        for (let i = 0; i < rows * n; i++) dz[i] = y[i] > 0 ? dy[i] : 0;
      }
      if (dbias) {
        dbias.fill(0);
        for (let base = 0; base < rows * n; base += n) for (let o = 0; o < n; o++) dbias[o] += dz[base + o];
      }
      if (dw) matmul(im2col(x, g), dz, dw, patch, rows, n, true, false);
      if (dx) {
        const dCols = allocateLike(dy, rows * patch);
        matmul(dz, w, dCols, rows, n, patch, false, true);
        dx.fill(0);
        forEachWindow(g, (col, src) => {
          for (let i = 0; i < g.channels; i++) dx[src + i] += dCols[col + i];
        });
      }
    },
  };
}

/**
 * The SIMD backend's host side of a 1-D convolution (`Backend.conv1d` / `conv1dBackward`, the
 * geometry of `Conv1dShape`), for float32 data, by the direct kernels: the products run through
 * the blocked gemm with no im2col copy, on a Toeplitz view of the padded input; bias, relu and the
 * relu mask run in the module (`kernels/elementwise.ts`). The backend sends the stride-1
 * convolutions the Winograd kernels take to `winograd.ts`; these stay its fallback and the
 * direct computation it is checked against.
 */
import type { Data } from '../../tensor.js';
import type { Conv1dGrads, Conv1dShape } from '../backend.js';
import type { MatmulHost } from './matmul.js';
import { Layout, roundUp } from './memory.js';

/**
 * The Toeplitz layout of a convolution's input: each sequence a zero-padded block of
 * `blockFrames` = roundUp((Tout-1)·s + K, s) frames, i.e. `blockRows` = blockFrames/s im2col rows,
 * of which the first Tout are real; `rows` = (B-1)·blockRows + Tout rows in all.
 */
interface ToeplitzView {
  blockFrames: number;
  blockRows: number;
  rows: number;
}

function toeplitz({ batch, kernel, stride, outLength }: Conv1dShape): ToeplitzView {
  const blockFrames = roundUp((outLength - 1) * stride + kernel, stride);
  const blockRows = blockFrames / stride;
  return { blockFrames, blockRows, rows: (batch - 1) * blockRows + outLength };
}

/**
 * y = act(conv(x, w) + bias) (`Backend.conv1d`) through the blocked gemm, without im2col. Each
 * sequence is copied into the module's memory as a zero-padded block of
 * Lp = roundUp((Tout-1)·s + K, s) frames (padBefore zeros, then the frames the windows reach, then
 * zeros), blocks back to back. The im2col matrix is then a strided view of that buffer: row
 * r = b·(Lp/s) + t starts at frame r·s and its K·Cin values are contiguous, so
 * op(A)[r, p] = xpad[r·s·Cin + p] (sIdx = s·Cin, sDepth = 1), and gemm packs A straight from it.
 * Rows t >= Tout of each block are computed and dropped (K-1 of T+K-1 rows at stride 1). Bias and
 * relu are applied to C in the module (`biasRelu`).
 */
export function simdConv1d(host: MatmulHost, x: Data, w: Data, bias: Data | null, relu: boolean, y: Data, g: Conv1dShape): void {
  const { batch, channels, kernel, filters, outLength } = g;
  const view = toeplitz(g);
  const mem = new Layout();
  const xSrc = mem.floats(batch * view.blockFrames * channels);
  const wSrc = mem.floats(kernel * channels * filters);
  const product = host.plan(mem, view.rows, kernel * channels, filters);
  const biasAt = mem.floats(product.ldc / 4);
  host.memory.ensure(mem.end);
  const f32 = host.memory.f32;
  placeInput(f32, x, g, view.blockFrames, xSrc);
  f32.set(w.subarray(0, kernel * channels * filters), wSrc / 4);
  host.kernels.packB(wSrc, product.bp, filters, kernel * channels, product.kPad, 1, filters);
  host.gemm(product, xSrc, g.stride * channels, 1);
  if (bias !== null || relu) {
    f32.fill(0, biasAt / 4, biasAt / 4 + product.ldc / 4);
    if (bias !== null) f32.set(bias.subarray(0, filters), biasAt / 4);
    host.kernels.biasRelu(product.c, view.rows, product.ldc, product.ldc, biasAt, relu ? 1 : 0);
  }
  for (let b = 0; b < batch; b++) host.memory.copyRows(product.c, product.ldc, b * view.blockRows, outLength, filters, y, b * outLength * filters);
}

/**
 * Backward of `conv1d` in the module. dZ = dY (⊙ [y > 0] with relu) is placed in the rows
 * layout of the forward's C (rows t >= Tout zero), where `reluMask` and `colSums` (dbias) run
 * on it. dW = op(A)ᵀ·dZ with op(A) the forward's Toeplitz view read transposed
 * (sIdx = 1, sDepth = s·Cin), so the gemm packs the K·Cin columns of every window straight from
 * xpad. dX is itself a stride-1 convolution: of dZ dilated by s (s-1 zeros between frames),
 * padded by K-1-padBefore, with the taps reversed and each tap transposed,
 * W'[k, o, c] = W[K-1-k, c, o]; it runs through the same Toeplitz gemm.
 */
export function simdConv1dBackward(host: MatmulHost, x: Data, w: Data, y: Data | null, dy: Data, relu: boolean, g: Conv1dShape, grads: Conv1dGrads): void {
  const { batch, length, channels, kernel, filters, stride, padBefore, outLength } = g;
  const view = toeplitz(g);
  // dX as a convolution of the dilated, padded dZ (see above)
  const gx: Conv1dShape = { batch, length: (outLength - 1) * stride + 1, channels: filters, kernel, filters: channels, stride: 1, padBefore: kernel - 1 - padBefore, outLength: length };
  const viewX = toeplitz(gx);
  const rowFloats = view.rows * filters;
  const mem = new Layout();
  const dz = mem.floats(rowFloats + 4);
  const yRows = relu ? mem.floats(rowFloats + 4) : 0;
  const sums = mem.floats(roundUp(filters, 4));
  const xSrc = grads.dw ? mem.floats(batch * view.blockFrames * channels) : 0;
  const productW = grads.dw ? host.plan(mem, kernel * channels, view.rows, filters) : null;
  const dzSrc = grads.dx ? mem.floats(batch * viewX.blockFrames * filters) : 0;
  const wSrc = grads.dx ? mem.floats(kernel * filters * channels) : 0;
  const productX = grads.dx ? host.plan(mem, viewX.rows, kernel * filters, channels) : null;
  host.memory.ensure(mem.end);
  const f32 = host.memory.f32;
  const K = host.kernels;

  placeRows(f32, dy, batch, view, outLength, filters, dz);
  if (relu) {
    if (y === null) throw new Error('conv1dBackward: relu needs the forward output y');
    placeRows(f32, y, batch, view, outLength, filters, yRows);
    K.reluMask(dz, yRows, roundUp(rowFloats, 4) * 4);
  }
  if (grads.dbias) {
    K.colSums(dz, view.rows, roundUp(filters, 4) * 4, filters * 4, sums);
    grads.dbias.set(f32.subarray(sums / 4, sums / 4 + filters));
  }
  if (grads.dw && productW) {
    placeInput(f32, x, g, view.blockFrames, xSrc);
    K.packB(dz, productW.bp, filters, view.rows, productW.kPad, 1, filters);
    host.gemm(productW, xSrc, 1, stride * channels);
    host.memory.copyRows(productW.c, productW.ldc, 0, kernel * channels, filters, grads.dw, 0);
  }
  if (grads.dx && productX) {
    // dZ rows b·blockRows + t go to frame padBefore' + t·s of block b (the rest zeros)
    for (let b = 0; b < batch; b++) {
      const block = dzSrc / 4 + b * viewX.blockFrames * filters;
      f32.fill(0, block, block + viewX.blockFrames * filters);
      const from = dz / 4 + b * view.blockRows * filters;
      const to = block + gx.padBefore * filters;
      if (stride === 1) f32.copyWithin(to, from, from + outLength * filters);
      else for (let t = 0; t < outLength; t++) f32.copyWithin(to + t * stride * filters, from + t * filters, from + (t + 1) * filters);
    }
    // W'[k, o, c] = W[K-1-k, c, o]
    const wf = wSrc / 4;
    for (let k = 0; k < kernel; k++) {
      for (let c = 0; c < channels; c++) {
        const src = ((kernel - 1 - k) * channels + c) * filters;
        for (let o = 0; o < filters; o++) f32[wf + (k * filters + o) * channels + c] = w[src + o];
      }
    }
    K.packB(wSrc, productX.bp, channels, kernel * filters, productX.kPad, 1, channels);
    host.gemm(productX, dzSrc, filters, 1);
    for (let b = 0; b < batch; b++) host.memory.copyRows(productX.c, productX.ldc, b * viewX.blockRows, length, channels, grads.dx, b * length * channels);
  }
}

/**
 * Copy x [B, T, Cin] into zero-padded blocks of `blockFrames` frames at byte `at`: block b holds
 * padBefore zeros, then the frames of sequence b that fit, then zeros.
 */
export function placeInput(f32: Float32Array, x: Data, g: Pick<Conv1dShape, 'batch' | 'length' | 'channels' | 'padBefore'>, blockFrames: number, at: number): void {
  const { batch, length, channels, padBefore } = g;
  for (let b = 0; b < batch; b++) {
    const block = at / 4 + b * blockFrames * channels;
    const first = Math.min(padBefore, blockFrames);
    const frames = Math.max(0, Math.min(length, blockFrames - padBefore));
    f32.fill(0, block, block + first * channels);
    f32.set(x.subarray(b * length * channels, (b * length + frames) * channels), block + first * channels);
    f32.fill(0, block + (first + frames) * channels, block + blockFrames * channels);
  }
}

/**
 * Copy [B, Tout, n] data into the rows layout of C (block b at row b·blockRows), the other rows
 * and 4 floats past the end zero.
 */
function placeRows(f32: Float32Array, src: Data, batch: number, view: ToeplitzView, outLength: number, n: number, at: number): void {
  const base = at / 4;
  for (let b = 0; b < batch; b++) {
    const row = base + b * view.blockRows * n;
    f32.set(src.subarray(b * outLength * n, (b + 1) * outLength * n), row);
    const end = b === batch - 1 ? base + view.rows * n + 4 : row + view.blockRows * n;
    f32.fill(0, row + outLength * n, end);
  }
}

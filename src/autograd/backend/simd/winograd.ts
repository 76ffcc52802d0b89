/**
 * The SIMD backend's host side of a stride-1 convolution by Winograd's minimal filtering F(m, r)
 * (`kernels/winograd.ts`, matrices from `winograd-matrices.ts`), for float32 data whose kernel
 * size is the module's r and whose channel counts are multiples of 4 (`winogradTakes`); the
 * direct kernels of `conv.ts` do everything else and are the reference these are checked against.
 *
 * Per tile of m outputs, α = m + r − 1 multiplications per channel pair instead of m·r: for
 * F(4, 5), 2 per output instead of 5, in the forward and both gradients:
 *   forward   y = act(conv(x, w) + bias):  U_ξ = (G·w)_ξ on the host, then `winogradConv` on xpad;
 *   dx        the stride-1 correlation of dz padded by K−1−padBefore with the flipped filter
 *             w'[k, o, c] = w[K−1−k, c, o]: `winogradConv` again, with U'_ξ = (G·w')_ξ;
 *   dw        dw[k, c, o] = Σ_ξ G[ξ, k]·Ŵ_ξ[c, o], Ŵ from `winogradFilterGrad` on xpad and dz;
 *   dbias     the column sums of dz (`colSums`), dz = dy ⊙ [y > 0] with relu (`reluMask`).
 * G is applied in float64 on the host (to the filter, and to Ŵ at the end), so its fractions are
 * rounded once. Float32 error is about twice the direct kernel's (docs/performance.md). The
 * transforms mix a tile's α inputs, so a NaN or ±∞ input makes all m outputs of every tile that
 * reads it NaN, where the direct kernel touches only the K outputs whose windows hold it.
 *
 * Layout: each sequence is a zero-padded block of `blockFrames` = roundUp(nTiles·m + r − 1, m)
 * frames (nTiles = ceil(outputs/m)), blocks back to back, so tile g of the whole batch reads frames
 * g·m … g·m + α − 1 and writes rows g·m … g·m + m − 1 (the tiles past a sequence's end are
 * computed and dropped, as conv.ts's Toeplitz rows are).
 */
import type { Data } from '../../tensor.js';
import type { Conv1dGrads, Conv1dShape } from '../backend.js';
import { placeInput } from './conv.js';
import type { MatmulHost } from './matmul.js';
import { Layout, roundUp } from './memory.js';
import type { WinogradMatrices } from './winograd-matrices.js';

/**
 * Bytes of a thread's working set per tile block that `winogradConv` aims to keep in L2 (V and M
 * of the block; the packed U_ξ, shared by the blocks, sits beside them).
 */
const BLOCK_BYTES = 160 * 1024;
/**
 * Tiles per chunk of the filter gradient, each chunk with its own partial Ŵ: a fixed size, so the
 * partial sums, and the result, do not depend on how many threads share the chunks.
 */
const FILTER_CHUNK_TILES = 512;

/** Whether the Winograd path takes this convolution: stride 1, K = r, Cin and Cout multiples of 4. */
export function winogradTakes(mats: WinogradMatrices, g: Conv1dShape): boolean {
  return g.stride === 1 && g.kernel === mats.r && g.channels % 4 === 0 && g.filters % 4 === 0 && g.batch > 0 && g.outLength > 0;
}

/** Frames per sequence block for up to `outputs` outputs a sequence. */
const blockFramesFor = (mats: WinogradMatrices, outputs: number): number => roundUp(Math.ceil(outputs / mats.m) * mats.m + mats.r - 1, mats.m);

/** Tiles over the batch that cover `outputs` outputs of every sequence in blocks of `blockFrames`. */
const tilesFor = (mats: WinogradMatrices, batch: number, blockFrames: number, outputs: number): number => (batch - 1) * (blockFrames / mats.m) + Math.ceil(outputs / mats.m);

/**
 * The transformed filters packed as gemm B panels: U_ξ[p, n] = Σ_k G[ξ, k]·taps[k][p·width + n]
 * for p < depth, n < width, summed in float64; one panel set per transform point at `at` + ξ·stride
 * bytes, through `staging` (depth·width floats).
 */
function packFilters(host: MatmulHost, mats: WinogradMatrices, taps: readonly Data[], depth: number, width: number, staging: number, at: number, stride: number): void {
  const { alpha, r, g } = mats;
  const f32 = host.memory.f32;
  const size = depth * width;
  const sum = new Float64Array(size);
  const base = staging / 4;
  for (let xi = 0; xi < alpha; xi++) {
    sum.fill(0);
    for (let k = 0; k < r; k++) {
      const coef = g[xi * r + k];
      if (coef === 0) continue;
      const tap = taps[k];
      for (let i = 0; i < size; i++) sum[i] += coef * tap[i];
    }
    f32.set(sum, base);
    host.kernels.packB(staging, at + xi * stride, width, depth, roundUp(depth, host.shape.unroll), 1, width);
  }
}

/** The taps of w [K, Cin, Cout] as K views [Cin, Cout]. */
const forwardTaps = (w: Data, g: Conv1dShape): Data[] => Array.from({ length: g.kernel }, (_, k) => w.subarray(k * g.channels * g.filters, (k + 1) * g.channels * g.filters));

/** The taps of the flipped, transposed filter w'[k, o, c] = w[K−1−k, c, o] as K arrays [Cout, Cin]. */
function flippedTaps(w: Data, g: Conv1dShape): Float64Array[] {
  const { kernel, channels, filters } = g;
  return Array.from({ length: kernel }, (_, k) => {
    const tap = new Float64Array(channels * filters);
    const src = (kernel - 1 - k) * channels * filters;
    for (let c = 0; c < channels; c++) for (let o = 0; o < filters; o++) tap[o * channels + c] = w[src + c * filters + o];
    return tap;
  });
}

/**
 * dw[k, c, o] = Σ_ξ G[ξ, k]·Ŵ_ξ[c, o], Ŵ_ξ the sum of the chunks' partials (at `wHat`, chunk n's
 * Ŵ_ξ at wHat + (n·α + ξ)·wStride, rows of ldcW bytes) in chunk order, in float64.
 */
function finishFilterGrad(f32: Float32Array, mats: WinogradMatrices, wHat: number, chunks: number, wStride: number, ldcW: number, g: Conv1dShape, dw: Data): void {
  const { alpha, r } = mats;
  const { channels, filters } = g;
  const size = channels * filters;
  const sum = new Float64Array(size);
  dw.fill(0);
  for (let xi = 0; xi < alpha; xi++) {
    sum.fill(0);
    for (let n = 0; n < chunks; n++) {
      const at = wHat / 4 + (n * alpha + xi) * (wStride / 4);
      for (let c = 0; c < channels; c++) {
        const row = at + c * (ldcW / 4);
        for (let o = 0; o < filters; o++) sum[c * filters + o] += f32[row + o];
      }
    }
    for (let k = 0; k < r; k++) {
      const coef = mats.g[xi * r + k];
      if (coef === 0) continue;
      const tap = k * size;
      for (let i = 0; i < size; i++) dw[tap + i] += coef * sum[i];
    }
  }
}

/** Plans and runs one `winogradConv` over `tiles` tiles from `src` (cin floats a frame) into `dst` rows. */
class WinogradConvCall {
  readonly kPad: number;
  readonly nPanels: number;
  readonly uStride: number;
  readonly u: number;
  readonly staging: number;
  readonly bias: number;
  readonly mb: number;
  readonly aOff: number;
  readonly mOff: number;
  readonly scratch: number[];

  constructor(
    private readonly host: MatmulHost,
    private readonly mats: WinogradMatrices,
    mem: Layout,
    readonly cin: number,
    readonly cout: number,
    readonly tiles: number,
  ) {
    const { mr, nr, unroll } = host.shape;
    const { alpha } = mats;
    this.kPad = roundUp(cin, unroll);
    this.nPanels = Math.ceil(cout / nr);
    const ldcM = this.nPanels * nr;
    this.uStride = 4 * this.nPanels * nr * this.kPad;
    this.u = mem.floats(alpha * (this.uStride / 4));
    this.staging = mem.floats(cin * cout);
    this.bias = mem.floats(roundUp(cout, 4));
    const fit = Math.floor(BLOCK_BYTES / (4 * alpha * (cin + ldcM)) / mr) * mr;
    this.mb = Math.max(mr, Math.min(fit, host.mcPanels * mr, roundUp(tiles, mr)));
    const sFloats = alpha * this.mb * cin;
    const aFloats = this.mb * Math.min(host.kc, this.kPad);
    this.aOff = 4 * sFloats;
    this.mOff = roundUp(4 * (sFloats + aFloats), 64);
    const scratchFloats = this.mOff / 4 + alpha * this.mb * ldcM;
    this.scratch = Array.from({ length: host.threads }, () => mem.floats(scratchFloats));
  }

  /** y rows (g·m + j, cout floats each, at `dst`) = act(correlation of `src` with the packed U + bias). */
  run(src: number, dst: number, relu: boolean): void {
    const { host, mats, cin, cout, tiles, mb } = this;
    const blocks = Math.ceil(tiles / mb);
    const args = [src, cin, this.kPad, tiles, this.u, this.uStride, this.nPanels, cout, dst, 4 * cout, this.bias, relu ? 1 : 0, 0, this.aOff, this.mOff, mb, 0, 0, host.kc, host.mcPanels];
    const chunkUnits = Math.max(1, Math.ceil(blocks / (16 * host.threads)));
    host.run({ kernel: 'winogradConv', args, rangeAt: 16, scratchAt: 12, units: blocks, chunkUnits }, this.scratch, 2 * mats.alpha * tiles * cin * cout);
  }
}

/** y = act(conv(x, w) + bias) (`Backend.conv1d`) by F(m, r), for a shape `winogradTakes`. */
export function winogradConv1d(host: MatmulHost, mats: WinogradMatrices, x: Data, w: Data, bias: Data | null, relu: boolean, y: Data, g: Conv1dShape): void {
  const { batch, channels, filters, outLength } = g;
  const blockFrames = blockFramesFor(mats, outLength);
  const tiles = tilesFor(mats, batch, blockFrames, outLength);
  const mem = new Layout();
  const xSrc = mem.floats(batch * blockFrames * channels);
  const yRows = mem.floats(tiles * mats.m * filters);
  const call = new WinogradConvCall(host, mats, mem, channels, filters, tiles);
  host.memory.ensure(mem.end);
  const f32 = host.memory.f32;
  placeInput(f32, x, g, blockFrames, xSrc);
  packFilters(host, mats, forwardTaps(w, g), channels, filters, call.staging, call.u, call.uStride);
  f32.fill(0, call.bias / 4, call.bias / 4 + roundUp(filters, 4));
  if (bias !== null) f32.set(bias.subarray(0, filters), call.bias / 4);
  call.run(xSrc, yRows, relu);
  for (let b = 0; b < batch; b++) y.set(f32.subarray(yRows / 4 + b * blockFrames * filters, yRows / 4 + (b * blockFrames + outLength) * filters), b * outLength * filters);
}

/**
 * The gradients of `conv1d` (`Backend.conv1dBackward`) by F(m, r), for a shape `winogradTakes`:
 * dz placed once, in blocks offset by K−1−padBefore frames, serves dx (as the input of a
 * correlation) and, read from that offset on, dw and dbias (as rows aligned with xpad's tiles).
 */
export function winogradConv1dBackward(host: MatmulHost, mats: WinogradMatrices, x: Data, w: Data, y: Data | null, dy: Data, relu: boolean, g: Conv1dShape, grads: Conv1dGrads): void {
  const { batch, length, channels, kernel, filters, padBefore, outLength } = g;
  const { m, alpha } = mats;
  const { nr, mr, unroll } = host.shape;
  const blockFrames = blockFramesFor(mats, Math.max(outLength, length));
  const tilesX = tilesFor(mats, batch, blockFrames, length);
  const tilesW = tilesFor(mats, batch, blockFrames, outLength);
  const dzPad = kernel - 1 - padBefore;
  const dzFrames = batch * blockFrames;
  const dzGeometry = { batch, length: outLength, channels: filters, padBefore: dzPad };
  const mem = new Layout();
  const dz = mem.floats(dzFrames * filters);
  // y is needed only until the relu mask, dx's rows only after it: one region serves both
  const shared = mem.floats(Math.max(relu ? dzFrames * filters : 0, grads.dx ? tilesX * m * channels : 0));
  const yLaid = shared;
  const sums = mem.floats(roundUp(filters, 4));
  // dw: V and E of a block of kb tiles (α·kb·(Cin + Cout) floats) in L2, partial Ŵ per chunk
  const kb = Math.max(unroll, Math.min(host.kc, Math.floor(BLOCK_BYTES / (4 * alpha * (channels + filters)) / unroll) * unroll));
  const chunkTiles = roundUp(FILTER_CHUNK_TILES, kb);
  const chunks = Math.ceil(tilesW / chunkTiles);
  const nPanelsW = Math.ceil(filters / nr);
  const ldcW = 4 * nPanelsW * nr;
  const wStride = ldcW * roundUp(channels, mr);
  const xSrc = grads.dw ? mem.floats(dzFrames * channels) : 0;
  const wHat = grads.dw ? mem.floats(chunks * alpha * (wStride / 4)) : 0;
  const eOff = 4 * alpha * kb * channels;
  const bOff = eOff + 4 * alpha * kb * filters;
  const aOff = bOff + 4 * nPanelsW * nr * roundUp(kb, unroll);
  const aFloats = Math.min(roundUp(channels, mr), host.mcPanels * mr) * Math.min(host.kc, roundUp(kb, unroll));
  const scratchW = grads.dw ? Array.from({ length: host.threads }, () => mem.floats(aOff / 4 + aFloats)) : [];
  // dx
  const dxRows = shared;
  const callX = grads.dx ? new WinogradConvCall(host, mats, mem, filters, channels, tilesX) : null;
  host.memory.ensure(mem.end);
  const f32 = host.memory.f32;
  const K = host.kernels;

  placeInput(f32, dy, dzGeometry, blockFrames, dz);
  if (relu) {
    if (y === null) throw new Error('conv1dBackward: relu needs the forward output y');
    placeInput(f32, y, dzGeometry, blockFrames, yLaid);
    K.reluMask(dz, yLaid, 4 * dzFrames * filters);
  }
  const dzRows = dz + 4 * dzPad * filters;
  if (grads.dbias) {
    K.colSums(dzRows, dzFrames - dzPad, 4 * roundUp(filters, 4), 4 * filters, sums);
    grads.dbias.set(f32.subarray(sums / 4, sums / 4 + filters));
  }
  if (grads.dw) {
    placeInput(f32, x, g, blockFrames, xSrc);
    const args = [xSrc, channels, dzRows, filters, tilesW, chunkTiles, kb, nPanelsW, wHat, ldcW, 0, eOff, bOff, aOff, 0, 0, host.kc, host.mcPanels];
    host.run({ kernel: 'winogradFilterGrad', args, rangeAt: 14, scratchAt: 10, units: chunks, chunkUnits: 1 }, scratchW, 2 * alpha * tilesW * channels * filters);
    finishFilterGrad(f32, mats, wHat, chunks, wStride, ldcW, g, grads.dw);
  }
  if (grads.dx && callX) {
    // w'[k, o, c] = w[K−1−k, c, o]
    packFilters(host, mats, flippedTaps(w, g), filters, channels, callX.staging, callX.u, callX.uStride);
    f32.fill(0, callX.bias / 4, callX.bias / 4 + roundUp(channels, 4));
    callX.run(dz, dxRows, false);
    for (let b = 0; b < batch; b++) grads.dx.set(f32.subarray(dxRows / 4 + b * blockFrames * channels, dxRows / 4 + (b * blockFrames + length) * channels), b * length * channels);
  }
}

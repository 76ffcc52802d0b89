/**
 * The Winograd kernels of the SIMD module: a stride-1 correlation F(m, r) tile by tile
 * (`winogradConv`, which is the convolution's forward and, on the flipped filter, its input
 * gradient) and its filter gradient (`winogradFilterGrad`), with the transform matrices of
 * `winograd-matrices.ts` emitted as constants (zero terms skipped, ±1 terms as adds).
 *
 * Notation (ξ < α = m + r − 1 the transform points, c < Cin, o < Cout): the input is a sequence of
 * frames of Cin floats, tile g reading frames g·m … g·m + α − 1 (`d`) and writing outputs
 * g·m … g·m + m − 1; U_ξ = (G·w)_ξ [Cin, Cout] is the transformed filter, packed on the host.
 *   winogradConv:       V_ξ[g, c] = Σ_i Bᵀ[ξ, i]·d[g·m + i, c]            (input transform)
 *                       M_ξ[g, o] = Σ_c V_ξ[g, c]·U_ξ[c, o]                (α gemms)
 *                       y[g·m + j, o] = act(Σ_ξ Aᵀ[j, ξ]·M_ξ[g, o] + bias[o])   (output transform)
 *   winogradFilterGrad: Ŵ_ξ[c, o] = Σ_g V_ξ[g, c]·E_ξ[g, o],  E_ξ[g, o] = Σ_j Aᵀ[j, ξ]·e[g·m + j, o]
 *                       (the host finishes dw[k, c, o] = Σ_ξ G[ξ, k]·Ŵ_ξ[c, o]).
 * Both equal the direct correlation up to rounding (the identities of `winograd-matrices.ts`,
 * applied per channel pair); the direct kernels (`conv.ts`) stay the checked reference.
 *
 * Both work through blocks of tiles small enough to stay in L2, so no [α, tiles, C] buffer ever
 * exists. `winogradConv`: the block's V_ξ go to a scratch buffer, each gemm packs its A block from
 * there against the packed U_ξ, and the output transform reads the block's M_ξ back.
 * `winogradFilterGrad`: the block's V_ξ and E_ξ go to the scratch, each E_ξ is packed as the
 * gemm's B and the block's V_ξᵀ·E_ξ added to Ŵ_ξ (gemm's `accumulate`). Threads split tile blocks
 * (forward) and fixed chunks of tiles with a partial Ŵ each (filter gradient, summed by the host
 * in chunk order), so every output is computed in the same order whatever the thread count.
 */
import { FunctionBuilder, i32, v128, type Local } from '../../../../wasm/emitter.js';
import type { WinogradMatrices } from '../winograd-matrices.js';
import type { KernelShape } from './gemm.js';

/** The Winograd exports of the kernel module (addresses in bytes, sizes in floats unless named). */
export interface WinogradExports {
  /**
   * Tile blocks [blk0, blk1) of `mb` tiles of the correlation (`nTiles` tiles in all): input at `x`
   * (tile g at x + 4·g·m·cin), packed U_ξ at u + ξ·uStride (depth kPad, nPanels panels of NR),
   * output rows g·m + j at y + (g·m + j)·ldy (cout floats each), bias (cout floats, a multiple of
   * 4) added and, when `relu` is 1, max(·, 0) applied. `scratch` holds V (α·mb·cin floats), at
   * scratch + aOff the gemm's A block and at scratch + mOff the block's M (α·mb rows of ldcM bytes).
   */
  winogradConv(x: number, cin: number, kPad: number, nTiles: number, u: number, uStride: number, nPanels: number, cout: number, y: number, ldy: number, bias: number, relu: number, scratch: number, aOff: number, mOff: number, mb: number, blk0: number, blk1: number, kc: number, mcPanels: number): void;
  /**
   * Partial Ŵ for the tile chunks [chunk0, chunk1) of `chunkTiles` tiles (`nTiles` in all): input at
   * `x` as for `winogradConv`, output gradient e at `dz` (row g·m + j at dz + 4·(g·m + j)·cout),
   * worked through in blocks of `kb` tiles. Chunk n's Ŵ_ξ = Σ_{g in chunk n} V_ξ[g]ᵀ·E_ξ[g] is
   * written at w + (n·α + ξ)·wStride, wStride = ceil(cin/MR)·MR·ldcW bytes. `scratch` holds V
   * (α·kb·cin floats), at scratch + eOff E (α·kb·cout), at scratch + bOff one E_ξ packed
   * (nPanels·NR·roundUp(kb, unroll)), at scratch + aOff the gemm's A block.
   */
  winogradFilterGrad(x: number, cin: number, dz: number, cout: number, nTiles: number, chunkTiles: number, kb: number, nPanels: number, w: number, ldcW: number, scratch: number, eOff: number, bOff: number, aOff: number, chunk0: number, chunk1: number, kc: number, mcPanels: number): void;
}

/** Function indices the Winograd kernels call. */
export interface WinogradCallees {
  packB: number;
  gemm: number;
}

/**
 * Leave Σ_i coefs[i]·value(i) (f32x4) in `acc`, zero terms skipped, ±1 terms as adds and
 * subtracts, the rest as multiply-adds (fused where `madd`). An all-zero row gives zeros.
 */
function emitCombination(f: FunctionBuilder, acc: Local, coefs: readonly number[], value: (i: number) => void, madd: boolean): void {
  let first = true;
  coefs.forEach((c, i) => {
    if (c === 0) return;
    if (first) {
      value(i);
      if (c === -1) f.f32x4Neg();
      else if (c !== 1) f.f32x4Const(c).f32x4Mul();
      f.set(acc);
      first = false;
    } else if (c === 1 || c === -1) {
      f.get(acc);
      value(i);
      if (c === 1) f.f32x4Add();
      else f.f32x4Sub();
      f.set(acc);
    } else if (madd) {
      f.f32x4Const(c);
      value(i);
      f.get(acc).f32x4RelaxedMadd().set(acc);
    } else {
      f.get(acc);
      value(i);
      f.f32x4Const(c).f32x4Mul().f32x4Add().set(acc);
    }
  });
  if (first) f.v128Zero().set(acc);
}

/** Row i of a row-major [rows, cols] matrix. */
const row = (mat: Float64Array, cols: number, i: number): number[] => Array.from(mat.subarray(i * cols, (i + 1) * cols));
/** Column j of a row-major [rows, cols] matrix. */
const column = (mat: Float64Array, rows: number, cols: number, j: number): number[] => Array.from({ length: rows }, (_, i) => mat[i * cols + j]);

/** The locals a tile transform works with (each kernel declares them once, by `transformLocals`). */
interface TransformLocals {
  t: Local;
  c: Local;
  p: Local;
  q: Local;
  src: Local;
  dst: Local;
  d: Local[];
  acc: Local;
}

/** Declare a tile transform's locals in `f`: α v128 frames `d`, an accumulator and six i32s. */
function transformLocals(f: FunctionBuilder, alpha: number): TransformLocals {
  return {
    t: f.local(i32),
    c: f.local(i32),
    p: f.local(i32),
    q: f.local(i32),
    src: f.local(i32),
    dst: f.local(i32),
    d: Array.from({ length: alpha }, () => f.local(v128)),
    acc: f.local(v128),
  };
}

/**
 * Emit the tile transform out_ξ[t, ·] = Σ_i coefs[ξ][i]·in[(first + t)·m + i, ·] for t < rows and
 * every ξ: rows of `rowBytes` bytes, `in` at `input`, out_ξ at base + ξ·outStride + t·rowBytes
 * (`base` pushes the address). V_ξ is this with the rows of Bᵀ over α input frames; E_ξ with the
 * columns of Aᵀ over m output-gradient frames.
 */
function emitTileTransform(f: FunctionBuilder, l: TransformLocals, m: number, coefs: readonly number[][], first: Local, rows: Local, input: Local, rowBytes: Local, base: () => void, outStride: Local, madd: boolean): void {
  const inputs = coefs[0].length;
  f.forRange(l.t, 0, rows, 1, () => {
    f.get(first).get(l.t).add().i32(m).mul().get(rowBytes).mul().get(input).add().set(l.src);
    f.get(l.t).get(rowBytes).mul();
    base();
    f.add().set(l.dst);
    f.forRange(l.c, 0, rowBytes, 16, () => {
      f.addTo(l.p, l.src, l.c);
      l.d.slice(0, inputs).forEach((local, i) => {
        f.get(l.p).v128Load().set(local);
        if (i < inputs - 1) f.addTo(l.p, l.p, rowBytes);
      });
      f.addTo(l.q, l.dst, l.c);
      coefs.forEach((coef, e) => {
        emitCombination(f, l.acc, coef, (i) => f.get(l.d[i]), madd);
        f.get(l.q).get(l.acc).v128Store();
        if (e < coefs.length - 1) f.addTo(l.q, l.q, outStride);
      });
    });
  });
}

/** `dst = ceil(a / b)·b` for a non-negative local `a` and a positive constant `b`. */
function roundUpTo(f: FunctionBuilder, dst: Local, a: Local, b: number): void {
  f.get(a).i32(b - 1).add().i32(b).divU().i32(b).mul().set(dst);
}

/** Emit `winogradConv` for F(m, r) (see `WinogradExports`); `mb` must be a multiple of MR. */
export function emitWinogradConv({ mr, nr, madd }: KernelShape, { m, alpha, at, bt }: WinogradMatrices, callees: WinogradCallees): FunctionBuilder {
  const f = new FunctionBuilder('winogradConv', new Array<typeof i32>(20).fill(i32));
  const [x, cin, kPad, nTiles, u, uStride, nPanels, cout, y, ldy, bias, relu, scratch, aOff, mOff, mb, blk0, blk1, kc, mcPanels] = f.params;
  const blk = f.local(i32);
  const g0 = f.local(i32);
  const rows = f.local(i32);
  const xi = f.local(i32);
  const rowBytes = f.local(i32);
  const outBytes = f.local(i32);
  const sStride = f.local(i32);
  const ldcM = f.local(i32);
  const mStride = f.local(i32);
  const panels = f.local(i32);
  const locals = transformLocals(f, alpha);
  const { t, c, p, q, src, dst, d, acc } = locals;
  const bRows = Array.from({ length: alpha }, (_, e) => row(bt, alpha, e));
  const floor = f.local(v128);
  const biasV = f.local(v128);

  f.get(cin).i32(2).shl().set(rowBytes);
  f.get(cout).i32(2).shl().set(outBytes);
  f.mulTo(sStride, mb, rowBytes);
  f.mulTo(ldcM, nPanels, 4 * nr);
  f.mulTo(mStride, mb, ldcM);
  // relu as max(·, floor): floor = 0 with relu, −∞ without (max keeps NaN either way)
  f.f32x4Const(-Infinity).set(floor);
  f.get(relu).ifElse(() => f.v128Zero().set(floor));

  f.forRange(blk, blk0, blk1, 1, () => {
    f.mulTo(g0, blk, mb);
    f.get(nTiles).get(g0).sub().set(rows);
    f.minTo(rows, rows, mb);

    // V_ξ[t, c] = Σ_i Bᵀ[ξ, i]·d[(g0 + t)·m + i, c], at scratch + ξ·sStride + t·rowBytes
    emitTileTransform(f, locals, m, bRows, g0, rows, x, rowBytes, () => f.get(scratch), sStride, madd);

    // M_ξ = V_ξ·U_ξ: gemm(V_ξ, cin, 1, rows, cin, kPad, A block, U_ξ, M_ξ, 0, ceil(rows/MR), nPanels, kc, mcPanels, ldcM, 0)
    roundUpTo(f, panels, rows, mr);
    f.get(panels).i32(mr).divU().set(panels);
    f.forRange(xi, 0, alpha, 1, () => {
      f.get(xi).get(sStride).mul().get(scratch).add().get(cin).i32(1).get(rows).get(cin).get(kPad);
      f.get(scratch).get(aOff).add();
      f.get(xi).get(uStride).mul().get(u).add();
      f.get(xi).get(mStride).mul().get(scratch).add().get(mOff).add();
      f.i32(0).get(panels).get(nPanels).get(kc).get(mcPanels).get(ldcM).i32(0).call(callees.gemm);
    });

    // y[(g0 + t)·m + j, o] = max(Σ_ξ Aᵀ[j, ξ]·M_ξ[t, o] + bias[o], floor)
    f.forRange(t, 0, rows, 1, () => {
      f.get(t).get(ldcM).mul().get(scratch).add().get(mOff).add().set(src);
      f.get(g0).get(t).add().i32(m).mul().get(ldy).mul().get(y).add().set(dst);
      f.forRange(c, 0, outBytes, 16, () => {
        f.addTo(p, src, c);
        d.forEach((l, e) => {
          f.get(p).v128Load().set(l);
          if (e < alpha - 1) f.addTo(p, p, mStride);
        });
        f.get(bias).get(c).add().v128Load().set(biasV);
        f.addTo(q, dst, c);
        for (let j = 0; j < m; j++) {
          emitCombination(f, acc, row(at, alpha, j), (e) => f.get(d[e]), madd);
          f.get(q).get(acc).get(biasV).f32x4Add().get(floor).f32x4Max().v128Store();
          if (j < m - 1) f.addTo(q, q, ldy);
        }
      });
    });
  });
  return f;
}

/**
 * Emit `winogradFilterGrad` for F(m, r) (see `WinogradExports`): per block of `kb` tiles, V_ξ and
 * E_ξ for every ξ into the scratch, then per ξ E_ξ packed as the gemm's B and V_ξᵀ·E_ξ added to
 * the chunk's Ŵ_ξ (the chunk's first block overwrites it).
 */
export function emitWinogradFilterGrad({ mr, unroll, madd }: KernelShape, { m, alpha, at, bt }: WinogradMatrices, callees: WinogradCallees): FunctionBuilder {
  const f = new FunctionBuilder('winogradFilterGrad', new Array<typeof i32>(18).fill(i32));
  const [x, cin, dz, cout, nTiles, chunkTiles, kb, nPanels, w, ldcW, scratch, eOff, bOff, aOff, chunk0, chunk1, kc, mcPanels] = f.params;
  const chunk = f.local(i32);
  const first = f.local(i32);
  const last = f.local(i32);
  const blk = f.local(i32);
  const rows = f.local(i32);
  const depth = f.local(i32);
  const xi = f.local(i32);
  const rowBytes = f.local(i32);
  const outBytes = f.local(i32);
  const sStride = f.local(i32);
  const eStride = f.local(i32);
  const wStride = f.local(i32);
  const wChunk = f.local(i32);
  const panels = f.local(i32);
  const locals = transformLocals(f, alpha);
  const bRows = Array.from({ length: alpha }, (_, e) => row(bt, alpha, e));
  const aColumns = Array.from({ length: alpha }, (_, e) => column(at, m, alpha, e));

  f.get(cin).i32(2).shl().set(rowBytes);
  f.get(cout).i32(2).shl().set(outBytes);
  f.mulTo(sStride, kb, rowBytes);
  f.mulTo(eStride, kb, outBytes);
  // Ŵ_ξ of a chunk: ceil(cin/MR)·MR rows of ldcW bytes; a chunk's α of them back to back
  roundUpTo(f, panels, cin, mr);
  f.mulTo(wStride, panels, ldcW);
  f.get(panels).i32(mr).divU().set(panels);

  f.forRange(chunk, chunk0, chunk1, 1, () => {
    f.mulTo(first, chunk, chunkTiles);
    f.addTo(last, first, chunkTiles);
    f.minTo(last, last, nTiles);
    f.get(chunk).get(wStride).mul().i32(alpha).mul().get(w).add().set(wChunk);
    f.forRange(blk, first, last, kb, () => {
      f.get(last).get(blk).sub().set(rows);
      f.minTo(rows, rows, kb);
      // V_ξ[t, c] = Σ_i Bᵀ[ξ, i]·d[(blk + t)·m + i, c] at scratch + ξ·sStride + t·rowBytes
      emitTileTransform(f, locals, m, bRows, blk, rows, x, rowBytes, () => f.get(scratch), sStride, madd);
      // E_ξ[t, o] = Σ_j Aᵀ[j, ξ]·e[(blk + t)·m + j, o] at scratch + eOff + ξ·eStride + t·outBytes
      emitTileTransform(f, locals, m, aColumns, blk, rows, dz, outBytes, () => f.get(scratch).get(eOff).add(), eStride, madd);
      // per ξ: packB(E_ξ, Ep, cout, rows, depth, 1, cout), then
      // gemm(V_ξ, 1, cin, cin, rows, depth, A block, Ep, Ŵ_ξ, 0, ceil(cin/MR), nPanels, kc, mcPanels, ldcW, blk > first)
      roundUpTo(f, depth, rows, unroll);
      f.forRange(xi, 0, alpha, 1, () => {
        f.get(xi).get(eStride).mul().get(scratch).add().get(eOff).add();
        f.get(scratch).get(bOff).add().get(cout).get(rows).get(depth).i32(1).get(cout).call(callees.packB);
        f.get(xi).get(sStride).mul().get(scratch).add().i32(1).get(cin).get(cin).get(rows).get(depth);
        f.get(scratch).get(aOff).add();
        f.get(scratch).get(bOff).add();
        f.get(xi).get(wStride).mul().get(wChunk).add();
        f.i32(0).get(panels).get(nPanels).get(kc).get(mcPanels).get(ldcW).get(blk).get(first).ne().call(callees.gemm);
      });
    });
  });
  return f;
}

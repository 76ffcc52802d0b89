/**
 * The blocked matmul kernels of the SIMD module: `packA` / `packB` and `gemm`, emitted for one
 * micro-kernel shape. Shape letters: C [M, N] = op(A) [M, K] · op(B) [K, N], float32, row-major.
 *
 * Packed layout (GotoBLAS / BLIS style). op(A) is cut into panels of MR rows and op(B) into
 * panels of NR columns; each panel is stored depth-major, `Ap[q][p][r] = op(A)[q·MR + r, p]` and
 * `Bp[q][p][j] = op(B)[p, q·NR + j]`, zero-padded to full panels and to a depth `kPad` that is a
 * multiple of the unroll factor. Packing reads its source through two element strides (sIdx per
 * row or column, sDepth per depth step), so every transpose variant, and a convolution's im2col
 * matrix viewed in place (row r at r·stride·Cin, depth contiguous), becomes the same contiguous
 * stream: the micro-kernel never does a strided load.
 *
 * Micro-kernel: an MR×NR tile of C held in MR·NR/4 f32x4 registers. Each depth step loads NR/4
 * vectors of the B panel, and for each of the MR rows splats one A value (`v128.load32_splat`) and
 * does NR/4 multiply-adds (f32x4.mul + f32x4.add, or f32x4.relaxed_madd where the engine has
 * relaxed SIMD). The depth loop is unrolled `unroll` times with static load offsets.
 *
 * Blocking: B is packed whole, up front. For each group of MC rows of A and each depth block of
 * KC, `gemm` packs that A block (MC·KC floats, kept in L2) and runs it against every B
 * micro-panel of the block (KC·NR floats, in L1); the first depth block overwrites the C tile,
 * later blocks add to it (and the first too, with `accumulate`, so a product can be summed over
 * calls). C is written to a padded buffer [ceil(M/MR)·MR, ceil(N/NR)·NR] with row
 * stride ldc. The A panels are processed in a caller-given range, so threads can split M by
 * panels, each packing into its own A block buffer; every C element is computed by one thread in
 * the same order, whatever the thread count.
 */
import { FunctionBuilder, i32, v128, type Local } from '../../../../wasm/emitter.js';

export interface KernelShape {
  /** Rows of the C tile (A panel width). */
  mr: number;
  /** Columns of the C tile (B panel width), a multiple of 4. */
  nr: number;
  /** Depth-loop unroll factor; packed depths are padded to a multiple of it. */
  unroll: number;
  /** Use f32x4.relaxed_madd instead of mul + add. */
  madd: boolean;
}

/** The matmul exports of the kernel module (addresses in bytes, strides in elements unless named ldc). */
export interface GemmExports {
  /**
   * Pack `count` rows (A) or columns (B) of depth `k` into panels of `width` (MR for packA, NR for
   * packB) at `dst`: element (idx, p) is read at `src + 4·(idx·sIdx + p·sDepth)`; missing rows and
   * depths in [k, kPad) are written as zeros.
   */
  packA(src: number, dst: number, count: number, k: number, kPad: number, sIdx: number, sDepth: number): void;
  packB(src: number, dst: number, count: number, k: number, kPad: number, sIdx: number, sDepth: number): void;
  /**
   * C tiles for A panels [panel0, panel1) × all `nPanels` B panels. op(A) [m, k] is read from its
   * source at `aSrc` (element (i, p) at `aSrc + 4·(i·sIdx + p·sDepth)`), packed block by block
   * (`mcPanels` panels × `kc` depths) into `aBuf`; `bp` points at the packed B (depth `kPad`, a
   * multiple of the unroll, as is `kc`), `c` at row 0 of the padded C, row stride `ldc` bytes.
   * The first depth block overwrites the C tile (adds to it when `accumulate` is 1), later ones
   * add to it.
   */
  gemm(aSrc: number, sIdx: number, sDepth: number, m: number, k: number, kPad: number, aBuf: number, bp: number, c: number, panel0: number, panel1: number, nPanels: number, kc: number, mcPanels: number, ldc: number, accumulate: number): void;
}

/**
 * Emit `packA` or `packB` for panels of `width`. Whether full panels move as f32x4 vectors
 * (`width` a multiple of 4) is decided here, so only the paths this width can take are emitted.
 */
export function emitPack(name: string, width: number): FunctionBuilder {
  const f = new FunctionBuilder(name, [i32, i32, i32, i32, i32, i32, i32]);
  const [src, dst, count, k, kPad, sIdx, sDepth] = f.params;
  const q = f.local(i32);
  const rows = f.local(i32);
  const r = f.local(i32);
  const p = f.local(i32);
  const s = f.local(i32);
  const d = f.local(i32);
  const base = f.local(i32);
  const tmp = f.local(i32);
  const cur = f.local(i32);
  const step = width * 4;
  const vectorPanels = width % 4 === 0;

  /** Write `n` zeros, one every `stride` bytes from `d`. */
  const zeros = (n: Local | number, stride: number) =>
    f.forRange(tmp, 0, n, 1, () => {
      f.get(d).f32Const0().f32Store();
      f.addTo(d, d, stride);
    });

  // for each panel q: base = src + 4·q·W·sIdx; rows = min(W, count - q·W)
  f.forRange(q, 0, count, width, () => {
    f.get(q).get(sIdx).mul().i32(2).shl().get(src).add().set(base);
    f.get(count).get(q).sub().set(rows);
    f.get(rows).i32(width).get(rows).i32(width).ltS().selectI32().set(rows);

    f.get(sDepth).i32(1).sub().eqz().ifElse(
      () => {
        // depth is contiguous in the source: 4×4 blocks transposed in registers for full panels,
        // otherwise row by row, writing with the panel stride.
        const rowByRow = () =>
          f.forRange(r, 0, width, 1, () => {
            f.get(dst).get(r).i32(2).shl().add().set(d);
            f.get(r).get(rows).ltS().ifElse(
              () => {
                f.get(r).get(sIdx).mul().i32(2).shl().get(base).add().set(s);
                f.forRange(p, 0, k, 1, () => {
                  f.get(d).get(s).f32Load().f32Store();
                  f.addTo(s, s, 4).addTo(d, d, step);
                });
              },
              () => zeros(k, step),
            );
          });
        if (vectorPanels) f.get(rows).i32(width).sub().eqz().ifElse(() => emitTransposedRows(f, { base, dst, k, sIdx, width, r, p, d, tmp }), rowByRow);
        else rowByRow();
      },
      () => {
        // depth is strided: copy depth step by depth step, a full contiguous panel row as vectors.
        f.get(base).set(s);
        f.get(dst).set(d);
        const byElement = () =>
          f.forRange(p, 0, k, 1, () => {
            f.get(s).set(cur);
            f.forRange(r, 0, rows, 1, () => {
              f.get(d).get(r).i32(2).shl().add().get(cur).f32Load().f32Store();
              f.get(sIdx).i32(2).shl().get(cur).add().set(cur);
            });
            f.forRange(r, rows, width, 1, () => {
              f.get(d).get(r).i32(2).shl().add().f32Const0().f32Store();
            });
            f.get(sDepth).i32(2).shl().get(s).add().set(s);
            f.addTo(d, d, step);
          });
        const byVector = () =>
          f.forRange(p, 0, k, 1, () => {
            for (let v = 0; v < width / 4; v++) f.get(d).get(s).v128Load(16 * v).v128Store(16 * v);
            f.get(sDepth).i32(2).shl().get(s).add().set(s);
            f.addTo(d, d, step);
          });
        // a full panel whose rows are adjacent (sIdx = 1)
        if (vectorPanels) f.get(sIdx).i32(1).sub().eqz().get(rows).i32(width).sub().eqz().mul().ifElse(byVector, byElement);
        else byElement();
      },
    );
    // zero depth padding [k, kPad), then move to the next panel
    f.get(k).i32(step).mul().get(dst).add().set(d);
    f.get(kPad).get(k).sub().i32(width).mul().set(rows);
    zeros(rows, 4);
    f.get(kPad).i32(step).mul().get(dst).add().set(dst);
  });
  return f;
}

/**
 * Pack one full panel whose source rows are contiguous along the depth (A not transposed, or B
 * transposed): for each group of 4 rows, load 4×4 blocks (4 rows × 4 depths), transpose them with
 * shuffles and store 4 depth-steps of the panel; the last k mod 4 depths go element by element.
 */
function emitTransposedRows(
  f: FunctionBuilder,
  { base, dst, k, sIdx, width, r, p, d, tmp }: { base: Local; dst: Local; k: Local; sIdx: Local; width: number; r: Local; p: Local; d: Local; tmp: Local },
): void {
  const step = width * 4;
  const src = [f.local(i32), f.local(i32), f.local(i32), f.local(i32)];
  const row = [f.local(v128), f.local(v128), f.local(v128), f.local(v128)];
  const lo = f.local(v128);
  const hi = f.local(v128);
  const lo2 = f.local(v128);
  const hi2 = f.local(v128);
  const k4 = f.local(i32);
  f.get(k).i32(-4).and().set(k4);
  f.forRange(r, 0, width, 4, () => {
    src.forEach((l, i) => f.get(r).i32(i).add().get(sIdx).mul().i32(2).shl().get(base).add().set(l));
    f.get(dst).get(r).i32(2).shl().add().set(d);
    f.forRange(p, 0, k4, 4, () => {
      src.forEach((l, i) => f.get(l).v128Load().set(row[i]));
      // lo = (r0[0], r1[0], r0[1], r1[1]), hi = (r0[2], r1[2], r0[3], r1[3]); same for rows 2, 3
      f.get(row[0]).get(row[1]).shuffle32([0, 4, 1, 5]).set(lo);
      f.get(row[0]).get(row[1]).shuffle32([2, 6, 3, 7]).set(hi);
      f.get(row[2]).get(row[3]).shuffle32([0, 4, 1, 5]).set(lo2);
      f.get(row[2]).get(row[3]).shuffle32([2, 6, 3, 7]).set(hi2);
      f.get(d).get(lo).get(lo2).shuffle32([0, 1, 4, 5]).v128Store(0);
      f.get(d).get(lo).get(lo2).shuffle32([2, 3, 6, 7]).v128Store(step);
      f.get(d).get(hi).get(hi2).shuffle32([0, 1, 4, 5]).v128Store(2 * step);
      f.get(d).get(hi).get(hi2).shuffle32([2, 3, 6, 7]).v128Store(3 * step);
      src.forEach((l) => f.addTo(l, l, 16));
      f.addTo(d, d, 4 * step);
    });
    f.forRange(tmp, k4, k, 1, () => {
      src.forEach((l, i) => {
        f.get(d).get(l).f32Load().f32Store(4 * i);
        f.addTo(l, l, 4);
      });
      f.addTo(d, d, step);
    });
  });
}

/**
 * Emit `gemm`: the blocked loop nest around the register-tiled MR×NR micro-kernel. For each group
 * of `mcPanels` A panels and each depth block of `kc`, the A block is packed (by calling `packA`,
 * function `packAIndex`) into `aBuf`, where it stays in L2 while every B micro-panel of that depth
 * block streams past it; so A is read straight from its source layout, never packed whole.
 */
export function emitGemm({ mr, nr, unroll, madd }: KernelShape, packAIndex: number): FunctionBuilder {
  const f = new FunctionBuilder('gemm', new Array<typeof i32>(16).fill(i32));
  const [aSrc, sIdx, sDepth, m, k, kPad, aBuf, bp, c, panel0, panel1, nPanels, kcMax, mcPanels, ldc, accumulate] = f.params;
  const ic = f.local(i32);
  const icEnd = f.local(i32);
  const rows = f.local(i32);
  const pc = f.local(i32);
  const kcb = f.local(i32);
  const kReal = f.local(i32);
  const jr = f.local(i32);
  const ir = f.local(i32);
  const aPtr = f.local(i32);
  const bPtr = f.local(i32);
  const bPanel = f.local(i32);
  const cPtr = f.local(i32);
  const cRow = f.local(i32);
  const steps = f.local(i32);
  const tmp = f.local(i32);
  const nv = nr / 4;
  const acc: Local[][] = Array.from({ length: mr }, () => Array.from({ length: nv }, () => f.local(v128)));
  const b: Local[] = Array.from({ length: nv }, () => f.local(v128));
  const a = f.local(v128);

  f.forRange(ic, panel0, panel1, mcPanels, () => {
    f.addTo(icEnd, ic, mcPanels);
    f.minTo(icEnd, icEnd, panel1);
    // rows = min(m - ic·MR, (icEnd - ic)·MR)
    f.get(m).get(ic).i32(mr).mul().sub().set(rows);
    f.get(icEnd).get(ic).sub().i32(mr).mul().set(tmp);
    f.minTo(rows, rows, tmp);
    f.forRange(pc, 0, kPad, kcMax, () => {
      f.get(kPad).get(pc).sub().set(tmp);
      f.minTo(kcb, kcMax, tmp);
      f.get(k).get(pc).sub().set(tmp);
      f.minTo(kReal, kcb, tmp);
      // packA(aSrc + 4·(ic·MR·sIdx + pc·sDepth), aBuf, rows, kReal, kcb, sIdx, sDepth)
      f.get(ic).i32(mr).mul().get(sIdx).mul().get(pc).get(sDepth).mul().add().i32(2).shl().get(aSrc).add();
      f.get(aBuf).get(rows).get(kReal).get(kcb).get(sIdx).get(sDepth).call(packAIndex);
      f.forRange(jr, 0, nPanels, 1, () => {
        // bPanel = bp + 4·NR·(jr·kPad + pc)
        f.get(jr).get(kPad).mul().get(pc).add().i32(4 * nr).mul().get(bp).add().set(bPanel);
        f.forRange(ir, ic, icEnd, 1, () => {
          f.get(ir).get(ic).sub().get(kcb).mul().i32(4 * mr).mul().get(aBuf).add().set(aPtr);
          f.get(bPanel).set(bPtr);
          f.get(ir).i32(mr).mul().get(ldc).mul().get(jr).i32(4 * nr).mul().add().get(c).add().set(cPtr);

          // acc = first depth block and not accumulating ? 0 : C tile
          f.get(pc).get(accumulate).or().eqz().ifElse(
            () => {
              for (const row of acc) for (const l of row) f.v128Zero().set(l);
            },
            () => {
              f.get(cPtr).set(cRow);
              for (const row of acc) {
                row.forEach((l, v) => f.get(cRow).v128Load(16 * v).set(l));
                f.addTo(cRow, cRow, ldc);
              }
            },
          );

          // kcb / unroll iterations of `unroll` depth steps each (kcb is a multiple of unroll)
          f.get(kcb).set(steps);
          f.get(steps).ifElse(() => {
            f.loop(() => {
              for (let u = 0; u < unroll; u++) {
                b.forEach((l, v) => f.get(bPtr).v128Load(4 * (u * nr + 4 * v)).set(l));
                for (let r = 0; r < mr; r++) {
                  f.get(aPtr).v128Load32Splat(4 * (u * mr + r)).set(a);
                  for (let v = 0; v < nv; v++) {
                    if (madd) f.get(a).get(b[v]).get(acc[r][v]).f32x4RelaxedMadd().set(acc[r][v]);
                    else f.get(acc[r][v]).get(a).get(b[v]).f32x4Mul().f32x4Add().set(acc[r][v]);
                  }
                }
              }
              f.addTo(aPtr, aPtr, 4 * unroll * mr);
              f.addTo(bPtr, bPtr, 4 * unroll * nr);
              f.get(steps).i32(unroll).sub().tee(steps).brIf(0);
            });
          });

          f.get(cPtr).set(cRow);
          for (const row of acc) {
            row.forEach((l, v) => f.get(cRow).get(l).v128Store(16 * v));
            f.addTo(cRow, cRow, ldc);
          }
        });
      });
    });
  });
  return f;
}

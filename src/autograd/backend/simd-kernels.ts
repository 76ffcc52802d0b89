/**
 * The WebAssembly SIMD matmul kernels, emitted by `wasm-emitter.ts`.
 *
 * Shape letters: C [M, N] = op(A) [M, K] · op(B) [K, N], float32, row-major.
 *
 * Packed layout (GotoBLAS / BLIS style). op(A) is cut into panels of MR rows and op(B) into
 * panels of NR columns; each panel is stored depth-major, `Ap[q][p][r] = op(A)[q·MR + r, p]` and
 * `Bp[q][p][j] = op(B)[p, q·NR + j]`, zero-padded to full panels and to a depth `kPad` that is a
 * multiple of the unroll factor. Packing turns every transpose variant into the same contiguous
 * stream, so the micro-kernel never does a strided load.
 *
 * Micro-kernel: an MR×NR tile of C held in MR·NR/4 f32x4 registers. Each depth step loads NR/4
 * vectors of the B panel, and for each of the MR rows splats one A value (`v128.load32_splat`) and
 * does NR/4 multiply-adds (f32x4.mul + f32x4.add, or f32x4.relaxed_madd where the engine has
 * relaxed SIMD). The depth loop is unrolled `unroll` times with static load offsets.
 *
 * Blocking: the depth is cut into blocks of KC (one B micro-panel, KC·NR floats, stays in L1 while
 * the MC rows of A stream past it from L2); the first block overwrites the C tile, later blocks
 * add to it. C is written to a padded buffer [ceil(M/MR)·MR, ceil(N/NR)·NR] with row stride ldc.
 * The A panels are processed in a caller-given range, so threads can split M by panels; every C
 * element is computed by one thread in the same order, whatever the thread count.
 */
import { encodeModule, FunctionBuilder, i32, v128, webAssembly, type Local } from './wasm-emitter.js';

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

/** Exports of the kernel module (all addresses in bytes, strides in elements unless named ldc). */
export interface KernelExports {
  /**
   * Pack `count` rows (A) or columns (B) of depth `k` into panels of `width` (MR for packA, NR for
   * packB) at `dst`: element (idx, p) is read at `src + 4·(idx·sIdx + p·sDepth)`; missing rows and
   * depths in [k, kPad) are written as zeros.
   */
  packA(src: number, dst: number, count: number, k: number, kPad: number, sIdx: number, sDepth: number): void;
  packB(src: number, dst: number, count: number, k: number, kPad: number, sIdx: number, sDepth: number): void;
  /**
   * C tiles for A panels [panel0, panel1) × all `nPanels` B panels, over the full packed depth
   * `kPad` in blocks of `kc` (a multiple of the unroll), A panels grouped `mcPanels` at a time.
   * `ap`/`bp` point at panel 0 of each packed matrix; `c` at row 0 of the padded C, stride `ldc` bytes.
   */
  compute(ap: number, bp: number, c: number, panel0: number, panel1: number, nPanels: number, kPad: number, kc: number, mcPanels: number, ldc: number): void;
}

/** Emit `packA` or `packB` for panels of `width`. */
function emitPack(name: string, width: number): FunctionBuilder {
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
        f.get(rows).i32(width).sub().eqz().i32(width % 4 === 0 ? 1 : 0).mul().ifElse(
          () => emitTransposedRows(f, { base, dst, k, sIdx, width, r, p, d, tmp }),
          () =>
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
            }),
        );
      },
      () => {
        // depth is strided: copy depth step by depth step, a full contiguous panel row as vectors.
        f.get(base).set(s);
        f.get(dst).set(d);
        const vectorPath = width % 4 === 0;
        f.get(sIdx).i32(1).sub().eqz().get(rows).i32(width).sub().eqz().mul().i32(vectorPath ? 1 : 0).mul().ifElse(
          () => {
            f.forRange(p, 0, k, 1, () => {
              for (let v = 0; v < width / 4; v++) f.get(d).get(s).v128Load(16 * v).v128Store(16 * v);
              f.get(sDepth).i32(2).shl().get(s).add().set(s);
              f.addTo(d, d, step);
            });
          },
          () => {
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
          },
        );
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

/** Emit `compute`: the blocked loop nest around the register-tiled MR×NR micro-kernel. */
function emitCompute({ mr, nr, unroll, madd }: KernelShape): FunctionBuilder {
  const f = new FunctionBuilder('compute', [i32, i32, i32, i32, i32, i32, i32, i32, i32, i32]);
  const [ap, bp, c, panel0, panel1, nPanels, kPad, kcMax, mcPanels, ldc] = f.params;
  const pc = f.local(i32);
  const kc = f.local(i32);
  const ic = f.local(i32);
  const icEnd = f.local(i32);
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

  f.forRange(pc, 0, kPad, kcMax, () => {
    f.get(kPad).get(pc).sub().set(tmp);
    f.minTo(kc, kcMax, tmp);
    f.forRange(ic, panel0, panel1, mcPanels, () => {
      f.addTo(icEnd, ic, mcPanels);
      f.minTo(icEnd, icEnd, panel1);
      f.forRange(jr, 0, nPanels, 1, () => {
        // bPanel = bp + 4·NR·(jr·kPad + pc)
        f.get(jr).get(kPad).mul().get(pc).add().i32(4 * nr).mul().get(bp).add().set(bPanel);
        f.forRange(ir, ic, icEnd, 1, () => {
          f.get(ir).get(kPad).mul().get(pc).add().i32(4 * mr).mul().get(ap).add().set(aPtr);
          f.get(bPanel).set(bPtr);
          f.get(ir).i32(mr).mul().get(ldc).mul().get(jr).i32(4 * nr).mul().add().get(c).add().set(cPtr);

          // acc = first depth block ? 0 : C tile
          f.get(pc).eqz().ifElse(
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

          // kc / unroll iterations of `unroll` depth steps each (kc is a multiple of unroll)
          f.get(kc).set(steps);
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

/** The kernel module's bytes for one micro-kernel shape, importing `env.memory` (shared or not). */
export function kernelModuleBytes(shape: KernelShape, memory: { shared: boolean; maximumPages: number }): Uint8Array {
  if (shape.nr % 4 !== 0 || shape.mr < 1 || shape.unroll < 1) throw new Error(`kernel shape ${JSON.stringify(shape)}: nr must be a multiple of 4`);
  return encodeModule({ initialPages: 1, maximumPages: memory.maximumPages, shared: memory.shared }, [emitPack('packA', shape.mr), emitPack('packB', shape.nr), emitCompute(shape)]);
}

/** Whether this engine validates a module using 128-bit SIMD. */
export function simdSupported(): boolean {
  const f = new FunctionBuilder('probe', [i32]);
  f.get(f.params[0]).v128Load().get(f.params[0]).v128Load().f32x4Mul().get(f.params[0]).v128Load().f32x4Add().set(f.local(v128));
  return validate(f);
}

/** Whether this engine validates f32x4.relaxed_madd (the relaxed-SIMD proposal). */
export function relaxedMaddSupported(): boolean {
  const f = new FunctionBuilder('probe', [i32]);
  f.get(f.params[0]).v128Load().get(f.params[0]).v128Load().get(f.params[0]).v128Load().f32x4RelaxedMadd().set(f.local(v128));
  return validate(f);
}

function validate(f: FunctionBuilder): boolean {
  try {
    return webAssembly()?.validate(encodeModule({ initialPages: 1, maximumPages: 1, shared: false }, [f])) ?? false;
  } catch {
    return false;
  }
}

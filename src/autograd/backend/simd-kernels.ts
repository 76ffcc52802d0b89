/**
 * The WebAssembly SIMD kernels, emitted by `wasm-emitter.ts`: the blocked matmul `gemm` with its
 * packing routines, the elementwise passes around a convolution (`biasRelu`, `reluMask`,
 * `colSums`), and one LSTM step's gates forward and backward (`lstmGates`, `lstmGatesBackward`,
 * with a vectorised float32 exp, sigmoid and tanh).
 *
 * Shape letters: C [M, N] = op(A) [M, K] · op(B) [K, N], float32, row-major.
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
 * later blocks add to it. C is written to a padded buffer [ceil(M/MR)·MR, ceil(N/NR)·NR] with row
 * stride ldc. The A panels are processed in a caller-given range, so threads can split M by
 * panels, each packing into its own A block buffer; every C element is computed by one thread in
 * the same order, whatever the thread count.
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
   * C tiles for A panels [panel0, panel1) × all `nPanels` B panels. op(A) [m, k] is read from its
   * source at `aSrc` (element (i, p) at `aSrc + 4·(i·sIdx + p·sDepth)`), packed block by block
   * (`mcPanels` panels × `kc` depths) into `aBuf`; `bp` points at the packed B (depth `kPad`, a
   * multiple of the unroll, as is `kc`), `c` at row 0 of the padded C, row stride `ldc` bytes.
   * The first depth block overwrites the C tile, later ones add to it.
   */
  gemm(aSrc: number, sIdx: number, sDepth: number, m: number, k: number, kPad: number, aBuf: number, bp: number, c: number, panel0: number, panel1: number, nPanels: number, kc: number, mcPanels: number, ldc: number): void;
  /** x ← x + bias, then max(x, 0) when `relu` is 1; `rows` rows of `width` bytes at stride `ld` bytes. */
  biasRelu(x: number, rows: number, width: number, ld: number, bias: number, relu: number): void;
  /** dz ← y > 0 ? dz : 0 over `bytes` bytes (a multiple of 16). */
  reluMask(dz: number, y: number, bytes: number): void;
  /** out ← Σ over `rows` rows (stride `ld` bytes) of each row's first `width` bytes (a multiple of 16). */
  colSums(x: number, rows: number, width: number, ld: number, out: number): void;
  /**
   * One LSTM step's gates and state for `batch` rows (see `emitLstmGates`). Row b of each operand
   * is at its address + b·(its step), all in bytes: z [4U] (x_t·W, overwritten by the activated
   * gates), rec [4U] (h̃_{t-1}·Uh), cPrev [U], and c, th = tanh(c), h [U] (written, one step sStep),
   * hmNext [U] (written: h ⊙ scale), scale [U] at stride 4U bytes; bias [4U]. `units` U, a multiple of 4.
   */
  lstmGates(z: number, zStep: number, rec: number, recStep: number, bias: number, cPrev: number, cPrevStep: number, c: number, th: number, h: number, sStep: number, hmNext: number, hmStep: number, scale: number, batch: number, units: number): void;
  /**
   * One backward LSTM step for `batch` rows (see `emitLstmGatesBackward`): gates [4U] are read and
   * overwritten by dz; dy [U] (dL/dh_t from above), rec [U] (dh̃_{t+1}), cPrev [U], th [U] read;
   * dc [U] (stride 4U bytes) read and overwritten by dc ⊙ f; scale [U] at stride 4U bytes.
   */
  lstmGatesBackward(gates: number, gStep: number, dy: number, dyStep: number, rec: number, recStep: number, scale: number, cPrev: number, cPrevStep: number, th: number, thStep: number, dc: number, batch: number, units: number): void;
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

/**
 * Emit `gemm`: the blocked loop nest around the register-tiled MR×NR micro-kernel. For each group
 * of `mcPanels` A panels and each depth block of `kc`, the A block is packed (by calling `packA`,
 * function `packAIndex`) into `aBuf`, where it stays in L2 while every B micro-panel of that depth
 * block streams past it; so A is read straight from its source layout, never packed whole.
 */
function emitGemm({ mr, nr, unroll, madd }: KernelShape, packAIndex: number): FunctionBuilder {
  const f = new FunctionBuilder('gemm', new Array<typeof i32>(15).fill(i32));
  const [aSrc, sIdx, sDepth, m, k, kPad, aBuf, bp, c, panel0, panel1, nPanels, kcMax, mcPanels, ldc] = f.params;
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

/**
 * Emit `biasRelu`: for `rows` rows of `width` bytes (a multiple of 16) at stride `ld` bytes,
 * x ← x + bias (bias: `width` bytes), then x ← max(x, 0) when `relu` is non-zero. f32x4.max keeps
 * NaN, as the relu op does.
 */
function emitBiasRelu(): FunctionBuilder {
  const f = new FunctionBuilder('biasRelu', [i32, i32, i32, i32, i32, i32]);
  const [x, rows, width, ld, bias, relu] = f.params;
  const r = f.local(i32);
  const j = f.local(i32);
  const row = f.local(i32);
  const zero = f.local(v128);
  f.v128Zero().set(zero);
  const pass = (withRelu: boolean) =>
    f.forRange(r, 0, rows, 1, () => {
      f.get(r).get(ld).mul().get(x).add().set(row);
      f.forRange(j, 0, width, 16, () => {
        f.get(row).get(j).add();
        f.get(row).get(j).add().v128Load().get(bias).get(j).add().v128Load().f32x4Add();
        if (withRelu) f.get(zero).f32x4Max();
        f.v128Store();
      });
    });
  f.get(relu).ifElse(
    () => pass(true),
    () => pass(false),
  );
  return f;
}

/** Emit `reluMask`: dz ← dz where y > 0, else 0, over `bytes` (a multiple of 16). */
function emitReluMask(): FunctionBuilder {
  const f = new FunctionBuilder('reluMask', [i32, i32, i32]);
  const [dz, y, bytes] = f.params;
  const off = f.local(i32);
  const zero = f.local(v128);
  f.v128Zero().set(zero);
  f.forRange(off, 0, bytes, 16, () => {
    f.get(dz).get(off).add();
    f.get(dz).get(off).add().v128Load();
    f.get(y).get(off).add().v128Load().get(zero).f32x4Gt();
    f.v128And().v128Store();
  });
  return f;
}

/**
 * Emit `colSums`: out[j] = Σ_r x[r, j] for `rows` rows at stride `ld` bytes, `width` bytes (a
 * multiple of 16) per row; rows are added in order, so each sum rounds as a sequential float32 sum.
 */
function emitColSums(): FunctionBuilder {
  const f = new FunctionBuilder('colSums', [i32, i32, i32, i32, i32]);
  const [x, rows, width, ld, out] = f.params;
  const r = f.local(i32);
  const j = f.local(i32);
  const row = f.local(i32);
  f.forRange(j, 0, width, 16, () => {
    f.get(out).get(j).add().v128Zero().v128Store();
  });
  f.forRange(r, 0, rows, 1, () => {
    f.get(r).get(ld).mul().get(x).add().set(row);
    f.forRange(j, 0, width, 16, () => {
      f.get(out).get(j).add();
      f.get(out).get(j).add().v128Load().get(row).get(j).add().v128Load().f32x4Add();
      f.v128Store();
    });
  });
  return f;
}

/**
 * Vectorised float32 exp, after Cephes `expf` (S. L. Moshier): x clamped to [-87, 88] (so 2ⁿ stays
 * a normal float; e⁻⁸⁷ ≈ 1.6e-38, e⁸⁸ ≈ 1.7e38), n = round(x·log₂e), r = x − n·ln2 with ln2 split
 * in two (C1 exact in 9 bits, C2 the rest) so r is exact, e^r by Cephes's degree-7 polynomial
 * 1 + r + r²·P(r) on |r| <= ln2/2, and 2ⁿ built in the exponent bits ((n + 127) << 23). Plain
 * f32x4 mul and add (no relaxed fused multiply-add), so results are the same on every engine.
 * Measured through σ and tanh against float64 on 2·10⁶ points of [-90, 90]: at most 1.5e-7 (σ,
 * worst near x = -16.6, where σ ≈ eˣ) and 1.4e-7 (tanh) relative error, about 2.5 float32 ulp,
 * where rounding the exact value alone costs up to 6e-8 (test/autograd/backend-wasm.test.ts).
 */
const EXP = {
  lo: -87,
  hi: 88,
  c1: 0.693359375,
  c2: -2.12194440e-4,
  poly: [1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1],
};

/** Cephes `tanhf` for |x| < 0.625: tanh x = x + x·x²·P(x²). */
const TANH_SMALL = 0.625;
const TANH_POLY = [-5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1];

/** Horner: leaves ((c0·x + c1)·x + …)·x + c_last on the stack. */
function emitPolynomial(f: FunctionBuilder, x: Local, coefficients: number[]): void {
  f.f32x4Const(coefficients[0]);
  for (const c of coefficients.slice(1)) f.get(x).f32x4Mul().f32x4Const(c).f32x4Add();
}

/** Scratch v128 locals the activation macros share. */
interface ActivationTemps {
  t: Local;
  n: Local;
  e: Local;
}

/** out = exp(x) (see `EXP`); x and out may be the same local. */
function emitExp(f: FunctionBuilder, x: Local, out: Local, { t, n }: ActivationTemps): void {
  f.get(x).f32x4Const(EXP.hi).f32x4Min().f32x4Const(EXP.lo).f32x4Max().set(t);
  f.get(t).f32x4Const(Math.LOG2E).f32x4Mul().f32x4Nearest().set(n);
  // r = (t − n·C1) − n·C2, exact
  f.get(t).get(n).f32x4Const(EXP.c1).f32x4Mul().f32x4Sub().get(n).f32x4Const(EXP.c2).f32x4Mul().f32x4Sub().set(t);
  // e^r = P(r)·r² + r + 1
  emitPolynomial(f, t, EXP.poly);
  f.get(t).get(t).f32x4Mul().f32x4Mul().get(t).f32x4Add().f32x4Const(1).f32x4Add();
  // · 2ⁿ
  f.get(n).i32x4TruncSatF32x4S().i32x4Const(127).i32x4Add().i32(23).i32x4Shl();
  f.f32x4Mul().set(out);
}

/**
 * out = σ(x) = 1 / (1 + e^(−x)) (measured relative error at most 1.5e-7, see `EXP`); σ(+∞) = 1,
 * and under x = −88 it stays at e⁻⁸⁸ ≈ 6e-39 (below float32's normal range), where σ itself is
 * smaller still.
 */
function emitSigmoid(f: FunctionBuilder, x: Local, out: Local, temps: ActivationTemps): void {
  f.get(x).f32x4Neg().set(temps.e);
  emitExp(f, temps.e, temps.e, temps);
  f.f32x4Const(1).f32x4Const(1).get(temps.e).f32x4Add().f32x4Div().set(out);
}

/**
 * out = tanh(x), Cephes `tanhf`: x + x³·P(x²) for |x| < 0.625, else sign(x)·(1 − 2/(e^(2|x|) + 1))
 * (both computed, one selected per lane; NaN stays NaN).
 */
function emitTanh(f: FunctionBuilder, x: Local, out: Local, temps: ActivationTemps): void {
  const { e } = temps;
  f.get(x).f32x4Abs().get(x).f32x4Abs().f32x4Add().set(e);
  emitExp(f, e, e, temps);
  // large: (1 − 2/(e + 1)) with x's sign bit
  f.f32x4Const(1).f32x4Const(2).get(e).f32x4Const(1).f32x4Add().f32x4Div().f32x4Sub();
  f.get(x).f32x4Const(-0).v128And().v128Or().set(e);
  // small: x + x·z·P(z), z = x²
  f.get(x).get(x).f32x4Mul().set(temps.t);
  emitPolynomial(f, temps.t, TANH_POLY);
  f.get(temps.t).f32x4Mul().get(x).f32x4Mul().get(x).f32x4Add();
  f.get(e).get(x).f32x4Abs().f32x4Const(TANH_SMALL).f32x4Lt().v128Bitselect().set(out);
}

/**
 * Emit `lstmGates`: for each row b and each group of 4 units j (U4 = 4·U bytes between gates),
 *   i = σ(z_i + rec_i + b_i), f = σ(z_f + rec_f + b_f), g = tanh(z_c + rec_c + b_c), o = σ(z_o + rec_o + b_o)
 *   (stored over z), c = f·cPrev + i·g, th = tanh(c), h = o·th, hmNext = h·scale.
 */
function emitLstmGates(): FunctionBuilder {
  const f = new FunctionBuilder('lstmGates', new Array<typeof i32>(16).fill(i32));
  const [z, zStep, rec, recStep, bias, cPrev, cPrevStep, c, th, h, sStep, hmNext, hmStep, scale, batch, units] = f.params;
  const b = f.local(i32);
  const j = f.local(i32);
  const u4 = f.local(i32);
  const zp = f.local(i32);
  const rp = f.local(i32);
  const bp = f.local(i32);
  const sp = f.local(i32);
  const gate = [f.local(v128), f.local(v128), f.local(v128), f.local(v128)];
  const cell = f.local(v128);
  const temps: ActivationTemps = { t: f.local(v128), n: f.local(v128), e: f.local(v128) };
  f.get(units).i32(2).shl().set(u4);
  f.forRange(b, 0, batch, 1, () => {
    f.forRange(j, 0, u4, 16, () => {
      f.get(b).get(zStep).mul().get(z).add().get(j).add().set(zp);
      f.get(b).get(recStep).mul().get(rec).add().get(j).add().set(rp);
      f.get(bias).get(j).add().set(bp);
      for (let q = 0; q < 4; q++) {
        // pre-activation of gate q, its row at q·U4
        f.get(zp).v128Load().get(rp).v128Load().f32x4Add().get(bp).v128Load().f32x4Add().set(gate[q]);
        if (q === 2) emitTanh(f, gate[q], gate[q], temps);
        else emitSigmoid(f, gate[q], gate[q], temps);
        f.get(zp).get(gate[q]).v128Store();
        if (q < 3) f.addTo(zp, zp, u4).addTo(rp, rp, u4).addTo(bp, bp, u4);
      }
      // c = f·cPrev + i·g
      f.get(gate[1]).get(b).get(cPrevStep).mul().get(cPrev).add().get(j).add().v128Load().f32x4Mul();
      f.get(gate[0]).get(gate[2]).f32x4Mul().f32x4Add().set(cell);
      f.get(b).get(sStep).mul().get(j).add().set(sp);
      f.get(sp).get(c).add().get(cell).v128Store();
      emitTanh(f, cell, cell, temps);
      f.get(sp).get(th).add().get(cell).v128Store();
      // h = o·tanh(c); h̃ for the next step = h·scale
      f.get(gate[3]).get(cell).f32x4Mul().set(cell);
      f.get(sp).get(h).add().get(cell).v128Store();
      f.get(b).get(hmStep).mul().get(hmNext).add().get(j).add();
      f.get(cell).get(b).get(u4).mul().get(scale).add().get(j).add().v128Load().f32x4Mul().v128Store();
    });
  });
  return f;
}

/**
 * Emit `lstmGatesBackward`: for each row b and each group of 4 units, with i, f, g, o the stored
 * gates, dh = dy + rec·scale and dc' = dc + dh·o·(1 − th²):
 *   dz_i = dc'·g·i·(1−i), dz_f = dc'·cPrev·f·(1−f), dz_c = dc'·i·(1−g²), dz_o = dh·th·o·(1−o)
 * stored over the gates, and dc ← dc'·f.
 */
function emitLstmGatesBackward(): FunctionBuilder {
  const f = new FunctionBuilder('lstmGatesBackward', new Array<typeof i32>(14).fill(i32));
  const [gates, gStep, dy, dyStep, rec, recStep, scale, cPrev, cPrevStep, th, thStep, dc, batch, units] = f.params;
  const b = f.local(i32);
  const j = f.local(i32);
  const u4 = f.local(i32);
  const gp = f.local(i32);
  const dcp = f.local(i32);
  const [gi, gf, gg, go] = [f.local(v128), f.local(v128), f.local(v128), f.local(v128)];
  const dh = f.local(v128);
  const tc = f.local(v128);
  const dcv = f.local(v128);
  const one = () => f.f32x4Const(1);
  f.get(units).i32(2).shl().set(u4);
  f.forRange(b, 0, batch, 1, () => {
    f.forRange(j, 0, u4, 16, () => {
      f.get(b).get(gStep).mul().get(gates).add().get(j).add().set(gp);
      f.get(b).get(u4).mul().get(j).add().set(dcp);
      // dh = dy + rec·scale
      f.get(b).get(dyStep).mul().get(dy).add().get(j).add().v128Load();
      f.get(b).get(recStep).mul().get(rec).add().get(j).add().v128Load().get(dcp).get(scale).add().v128Load().f32x4Mul();
      f.f32x4Add().set(dh);
      [gi, gf, gg, go].forEach((l, q) => {
        f.get(gp).v128Load(0).set(l);
        if (q < 3) f.addTo(gp, gp, u4);
      });
      f.get(b).get(thStep).mul().get(th).add().get(j).add().v128Load().set(tc);
      // dc' = dc + dh·o·(1 − th²)
      f.get(dcp).get(dc).add().v128Load().get(dh).get(go).f32x4Mul();
      one();
      f.get(tc).get(tc).f32x4Mul().f32x4Sub().f32x4Mul().f32x4Add().set(dcv);
      // dz_o (gp is at the o row)
      f.get(gp).get(dh).get(tc).f32x4Mul().get(go).f32x4Mul();
      one();
      f.get(go).f32x4Sub().f32x4Mul().v128Store();
      f.get(gp).get(u4).sub().set(gp);
      // dz_c = dc'·i·(1 − g²)
      f.get(gp).get(dcv).get(gi).f32x4Mul();
      one();
      f.get(gg).get(gg).f32x4Mul().f32x4Sub().f32x4Mul().v128Store();
      f.get(gp).get(u4).sub().set(gp);
      // dz_f = dc'·cPrev·f·(1 − f)
      f.get(gp).get(dcv).get(b).get(cPrevStep).mul().get(cPrev).add().get(j).add().v128Load().f32x4Mul().get(gf).f32x4Mul();
      one();
      f.get(gf).f32x4Sub().f32x4Mul().v128Store();
      f.get(gp).get(u4).sub().set(gp);
      // dz_i = dc'·g·i·(1 − i)
      f.get(gp).get(dcv).get(gg).f32x4Mul().get(gi).f32x4Mul();
      one();
      f.get(gi).f32x4Sub().f32x4Mul().v128Store();
      // dc ← dc'·f
      f.get(dcp).get(dc).add().get(dcv).get(gf).f32x4Mul().v128Store();
    });
  });
  return f;
}

/** The kernel module's bytes for one micro-kernel shape, importing `env.memory` (shared or not). */
export function kernelModuleBytes(shape: KernelShape, memory: { shared: boolean; maximumPages: number }): Uint8Array {
  if (shape.nr % 4 !== 0 || shape.mr < 1 || shape.unroll < 1) throw new Error(`kernel shape ${JSON.stringify(shape)}: nr must be a multiple of 4`);
  // function indices: packA 0 (called by gemm), packB 1, gemm 2, then the elementwise kernels
  const functions = [emitPack('packA', shape.mr), emitPack('packB', shape.nr), emitGemm(shape, 0), emitBiasRelu(), emitReluMask(), emitColSums(), emitLstmGates(), emitLstmGatesBackward()];
  return encodeModule({ initialPages: 1, maximumPages: memory.maximumPages, shared: memory.shared }, functions);
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

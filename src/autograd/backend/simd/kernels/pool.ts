/**
 * The paper's max-pooling in the SIMD module: pool 2, stride 2, no padding before
 * (`Backend.maxPoolPairs`), x [B, T, C] → y [B, Tout, C] with Tout = ⌈T/2⌉ or ⌊T/2⌋, four channels
 * per f32x4:
 *   forward   m = x[2t+1] > x[2t] (all ones or all zeros per lane, false for NaN),
 *             y[t] = m ? x[2t+1] : x[2t]; when Tout = ⌈T/2⌉ for an odd T, the last window holds
 *             x[T−1] alone (m = 0);
 *   backward  dx[2t] = m ? 0 : dy[t],  dx[2t+1] = m ? dy[t] : 0, an odd T's last frame dy[Tout−1]
 *             or (when it was dropped) 0, so every element of dx is written.
 * Frames are `rowBytes` = 4·C bytes (a multiple of 16). The mask `second` is one byte per output
 * (0xFF where m), narrowed from the lanes on store and widened back on load.
 */
import { FunctionBuilder, i32, v128, type Local } from '../../../../wasm/emitter.js';

/** The pooling exports of the kernel module (addresses in bytes). */
export interface PoolExports {
  /** y [B, Tout, C] and the byte mask `second` from x [B, T, C] (frames of `rowBytes` bytes). */
  maxPoolPairs(x: number, y: number, second: number, batch: number, length: number, outLength: number, rowBytes: number): void;
  /** dx [B, T, C] from dy and the byte mask `second` [B, Tout, C]. */
  maxPoolPairsBackward(dy: number, second: number, dx: number, batch: number, length: number, outLength: number, rowBytes: number): void;
}

/** Per byte offset j of a frame: a pair, a last window of one frame, a dropped frame (none: nothing). */
interface FrameSteps {
  pair: () => void;
  single: () => void;
  dropped?: () => void;
}

/**
 * The loops both kernels share: for each sequence, `pair` over the ⌊T/2⌋ pairs, then for an odd T
 * `single` (when Tout = ⌈T/2⌉) or `dropped`, at byte offset j of the frame, with `full` pointing at
 * frame 2t of the [B, T, C] side, `half` at frame t of the [B, Tout, C] side and `maskRow` at its
 * mask bytes (`rowBytes`/4 per frame).
 */
function frameLoops(f: FunctionBuilder, [batch, length, outLength, rowBytes]: Local[], full: Local, half: Local, maskRow: Local, j: Local, steps: FrameSteps): void {
  const b = f.local(i32);
  const t = f.local(i32);
  const pairs = f.local(i32);
  const maskBytes = f.local(i32);
  f.get(length).i32(2).divU().set(pairs);
  f.get(rowBytes).i32(4).divU().set(maskBytes);
  const nextHalf = () => {
    f.get(half).get(rowBytes).add().set(half);
    f.get(maskRow).get(maskBytes).add().set(maskRow);
  };
  f.forRange(b, 0, batch, 1, () => {
    f.forRange(t, 0, pairs, 1, () => {
      f.forRange(j, 0, rowBytes, 16, steps.pair);
      f.get(full).get(rowBytes).add().get(rowBytes).add().set(full);
      nextHalf();
    });
    f.get(length).i32(1).and().ifElse(() => {
      f.get(pairs).get(outLength).ltS().ifElse(
        () => {
          f.forRange(j, 0, rowBytes, 16, steps.single);
          nextHalf();
        },
        steps.dropped && (() => f.forRange(j, 0, rowBytes, 16, steps.dropped!)),
      );
      f.get(full).get(rowBytes).add().set(full);
    });
  });
}

/** Push the address of the mask bytes of lanes j/4 … j/4 + 3 of the frame at `maskRow`. */
const maskAddress = (f: FunctionBuilder, maskRow: Local, j: Local) => f.get(maskRow).get(j).i32(4).divU().add();

/** Emit `maxPoolPairs`. */
export function emitMaxPoolPairs(): FunctionBuilder {
  const f = new FunctionBuilder('maxPoolPairs', [i32, i32, i32, i32, i32, i32, i32]);
  const [x, y, second, ...sizes] = f.params;
  const rowBytes = sizes[3];
  const j = f.local(i32);
  const a0 = f.local(v128);
  const a1 = f.local(v128);
  const mask = f.local(v128);
  const mask16 = f.local(v128);
  frameLoops(f, sizes, x, y, second, j, {
    pair: () => {
      f.get(x).get(j).add().v128Load().set(a0);
      f.get(x).get(j).add().get(rowBytes).add().v128Load().set(a1);
      f.get(a1).get(a0).f32x4Gt().set(mask);
      f.get(y).get(j).add().get(a1).get(a0).get(mask).v128Bitselect().v128Store();
      // four all-ones / all-zeros i32 lanes → i16 lanes → four 0xFF / 0x00 bytes in i32 lane 0
      f.get(mask).get(mask).i16x8NarrowI32x4S().set(mask16);
      maskAddress(f, second, j).get(mask16).get(mask16).i8x16NarrowI16x8S().i32x4ExtractLane(0).i32Store();
    },
    single: () => {
      f.get(y).get(j).add().get(x).get(j).add().v128Load().v128Store();
      maskAddress(f, second, j).i32(0).i32Store();
    },
  });
  return f;
}

/** Emit `maxPoolPairsBackward`. */
export function emitMaxPoolPairsBackward(): FunctionBuilder {
  const f = new FunctionBuilder('maxPoolPairsBackward', [i32, i32, i32, i32, i32, i32, i32]);
  const [dy, second, dx, ...sizes] = f.params;
  const rowBytes = sizes[3];
  const j = f.local(i32);
  const g = f.local(v128);
  const mask = f.local(v128);
  const zero = f.local(v128);
  f.v128Zero().set(zero);
  frameLoops(f, sizes, dx, dy, second, j, {
    pair: () => {
      f.get(dy).get(j).add().v128Load().set(g);
      maskAddress(f, second, j).i32Load().i32x4Splat().i16x8ExtendLowI8x16S().i32x4ExtendLowI16x8S().set(mask);
      f.get(dx).get(j).add().get(zero).get(g).get(mask).v128Bitselect().v128Store();
      f.get(dx).get(j).add().get(rowBytes).add().get(g).get(zero).get(mask).v128Bitselect().v128Store();
    },
    single: () => {
      f.get(dx).get(j).add().get(dy).get(j).add().v128Load().v128Store();
    },
    dropped: () => {
      f.get(dx).get(j).add().get(zero).v128Store();
    },
  });
  return f;
}

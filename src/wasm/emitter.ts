/**
 * A small WebAssembly binary emitter: just enough of the format (LEB128, the type / import /
 * function / export / code sections) and of the instruction set (i32 arithmetic, structured
 * control flow, calls, locals, scalar i32/f32/f64 and 128-bit SIMD loads and stores, f32x4 arithmetic,
 * rounding, comparison and masking, the i32x4 lane arithmetic an exponent needs, the lane
 * narrowing and widening of a byte mask, and the f64x2 arithmetic of float32 data summed in float64)
 * to write the SIMD backend's matmul, convolution, LSTM and pooling kernels
 * (`autograd/backend/simd/kernels/`) and the DSP's filter-bank and spectral-contrast kernels
 * (`dsp/simd/`) from TypeScript, with no assembler at build or run time.
 *
 * Encoding follows the WebAssembly core specification 2.0 (binary format, chapter 5) and the
 * fixed-width SIMD proposal (opcodes under the 0xfd prefix).
 */

/** Value types. */
export const i32 = 0x7f;
export const f32 = 0x7d;
export const f64 = 0x7c;
export const v128 = 0x7b;
export type ValType = typeof i32 | typeof f32 | typeof f64 | typeof v128;

/** Unsigned LEB128 encoding of a non-negative integer below 2³². */
export function uleb(value: number): number[] {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new Error(`uleb: ${value} is not a u32`);
  const out: number[] = [];
  let v = value;
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 encoding of a 32-bit integer. */
export function sleb(value: number): number[] {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) throw new Error(`sleb: ${value} is not an i32`);
  const out: number[] = [];
  let v = value;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const utf8 = (s: string): number[] => {
  const bytes = [...new TextEncoder().encode(s)];
  return [...uleb(bytes.length), ...bytes];
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

/** A local variable (or parameter) of the function being emitted. */
export interface Local {
  readonly index: number;
  readonly type: ValType;
}

/**
 * Builds the body of one function. Each method appends one instruction (or a structured block)
 * and returns `this`, so kernels read as stack-machine code:
 * `f.get(x).i32(4).add().set(x)` is `x += 4`.
 */
export class FunctionBuilder {
  readonly params: Local[];
  readonly results: ValType[];
  private readonly extraLocals: Local[] = [];
  private readonly code: number[] = [];
  private depth = 0;

  constructor(
    readonly name: string,
    params: ValType[],
    results: ValType[] = [],
  ) {
    this.params = params.map((type, index) => ({ index, type }));
    this.results = results;
  }

  /** Declare a new local of `type`. */
  local(type: ValType): Local {
    const l = { index: this.params.length + this.extraLocals.length, type };
    this.extraLocals.push(l);
    return l;
  }

  private op(...bytes: number[]): this {
    for (const b of bytes) this.code.push(b);
    return this;
  }

  private simd(opcode: number, ...imm: number[]): this {
    return this.op(0xfd, ...uleb(opcode), ...imm);
  }

  /** memarg: alignment exponent and static byte offset. */
  private static memarg(offset: number, alignLog2: number): number[] {
    return [...uleb(alignLog2), ...uleb(offset)];
  }

  get(l: Local): this {
    return this.op(0x20, ...uleb(l.index));
  }
  set(l: Local): this {
    return this.op(0x21, ...uleb(l.index));
  }
  tee(l: Local): this {
    return this.op(0x22, ...uleb(l.index));
  }

  i32(value: number): this {
    return this.op(0x41, ...sleb(value));
  }
  add(): this {
    return this.op(0x6a);
  }
  sub(): this {
    return this.op(0x6b);
  }
  mul(): this {
    return this.op(0x6c);
  }
  /** Unsigned integer division (traps on a zero divisor). */
  divU(): this {
    return this.op(0x6e);
  }
  and(): this {
    return this.op(0x71);
  }
  or(): this {
    return this.op(0x72);
  }
  shl(): this {
    return this.op(0x74);
  }
  /** Logical (unsigned) shift right. */
  shrU(): this {
    return this.op(0x76);
  }
  eqz(): this {
    return this.op(0x45);
  }
  ne(): this {
    return this.op(0x47);
  }
  ltS(): this {
    return this.op(0x48);
  }
  geS(): this {
    return this.op(0x4e);
  }
  selectI32(): this {
    return this.op(0x1b);
  }

  /** `dst = a + b`, with b a local or a constant. */
  addTo(dst: Local, a: Local, b: Local | number): this {
    this.get(a);
    if (typeof b === 'number') this.i32(b);
    else this.get(b);
    return this.add().set(dst);
  }

  /** `dst = a * b`, with b a local or a constant. */
  mulTo(dst: Local, a: Local, b: Local | number): this {
    this.get(a);
    if (typeof b === 'number') this.i32(b);
    else this.get(b);
    return this.mul().set(dst);
  }

  /** `dst = min(a, b)` (signed). */
  minTo(dst: Local, a: Local, b: Local): this {
    return this.get(a).get(b).get(a).get(b).ltS().selectI32().set(dst);
  }

  /** i32.load with no alignment promised (the pooling mask's four bytes). */
  i32Load(offset = 0): this {
    return this.op(0x28, ...FunctionBuilder.memarg(offset, 0));
  }
  /** i32.store with no alignment promised. */
  i32Store(offset = 0): this {
    return this.op(0x36, ...FunctionBuilder.memarg(offset, 0));
  }
  f32Load(offset = 0): this {
    return this.op(0x2a, ...FunctionBuilder.memarg(offset, 2));
  }
  f32Store(offset = 0): this {
    return this.op(0x38, ...FunctionBuilder.memarg(offset, 2));
  }
  f32Add(): this {
    return this.op(0x92);
  }
  /** An f32 constant: `value` rounded to float32 (infinities allowed). */
  f32Const(value: number): this {
    const bits = new DataView(new ArrayBuffer(4));
    bits.setFloat32(0, value, true);
    return this.op(0x43, ...[0, 1, 2, 3].map((i) => bits.getUint8(i)));
  }
  /** a < b on f32 (false when either is NaN). */
  f32Lt(): this {
    return this.op(0x5d);
  }
  /** a > b on f32 (false when either is NaN). */
  f32Gt(): this {
    return this.op(0x5e);
  }
  f32Const0(): this {
    return this.op(0x43, 0, 0, 0, 0);
  }
  f64Load(offset = 0): this {
    return this.op(0x2b, ...FunctionBuilder.memarg(offset, 3));
  }
  f64Store(offset = 0): this {
    return this.op(0x39, ...FunctionBuilder.memarg(offset, 3));
  }
  f64Add(): this {
    return this.op(0xa0);
  }
  f64Sub(): this {
    return this.op(0xa1);
  }
  f64Mul(): this {
    return this.op(0xa2);
  }
  /** IEEE division, correctly rounded. */
  f64Div(): this {
    return this.op(0xa3);
  }
  /** IEEE square root, correctly rounded (as `Math.sqrt`). */
  f64Sqrt(): this {
    return this.op(0x9f);
  }
  /** A signed i32 to f64, exactly. */
  f64ConvertI32S(): this {
    return this.op(0xb7);
  }
  f64Const0(): this {
    return this.op(0x44, 0, 0, 0, 0, 0, 0, 0, 0);
  }
  /** f32 to f64, exactly. */
  f64PromoteF32(): this {
    return this.op(0xbb);
  }
  /** f64 to f32, rounded to nearest, ties to even. */
  f32DemoteF64(): this {
    return this.op(0xb6);
  }

  v128Load(offset = 0): this {
    return this.simd(0x00, ...FunctionBuilder.memarg(offset, 4));
  }
  v128Store(offset = 0): this {
    return this.simd(0x0b, ...FunctionBuilder.memarg(offset, 4));
  }
  /** Load 64 bits (two f32) into the low half, zeroing the high half. */
  v128Load64Zero(offset = 0): this {
    return this.simd(0x5d, ...FunctionBuilder.memarg(offset, 3));
  }
  /** Replace 32-bit lane `lane` of the v128 on the stack with the 4 bytes at the address beneath it. */
  v128Load32Lane(lane: number, offset = 0): this {
    return this.simd(0x56, ...FunctionBuilder.memarg(offset, 2), lane);
  }
  /** Load one f32 and splat it to all four lanes. */
  v128Load32Splat(offset = 0): this {
    return this.simd(0x09, ...FunctionBuilder.memarg(offset, 2));
  }
  /** i8x16.shuffle picking four 32-bit lanes: 0–3 from the first operand, 4–7 from the second. */
  shuffle32(lanes: readonly [number, number, number, number]): this {
    return this.simd(0x0d, ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]));
  }
  v128Zero(): this {
    return this.simd(0x0c, ...new Array<number>(16).fill(0));
  }
  /** A v128 constant: `value` rounded to float32 in all four lanes. */
  f32x4Const(value: number): this {
    const lane = new DataView(new ArrayBuffer(4));
    lane.setFloat32(0, value, true);
    const bytes = [0, 1, 2, 3].map((i) => lane.getUint8(i));
    return this.simd(0x0c, ...bytes, ...bytes, ...bytes, ...bytes);
  }
  /** A v128 constant: the 32-bit integer `value` in all four lanes. */
  i32x4Const(value: number): this {
    const lane = new DataView(new ArrayBuffer(4));
    lane.setInt32(0, value, true);
    const bytes = [0, 1, 2, 3].map((i) => lane.getUint8(i));
    return this.simd(0x0c, ...bytes, ...bytes, ...bytes, ...bytes);
  }
  f32x4Add(): this {
    return this.simd(0xe4);
  }
  f32x4Sub(): this {
    return this.simd(0xe5);
  }
  f32x4Mul(): this {
    return this.simd(0xe6);
  }
  /** Lane-wise IEEE division (correctly rounded). */
  f32x4Div(): this {
    return this.simd(0xe7);
  }
  /** Lane-wise minimum; NaN in either operand gives NaN. */
  f32x4Min(): this {
    return this.simd(0xe8);
  }
  f32x4Abs(): this {
    return this.simd(0xe0);
  }
  f32x4Neg(): this {
    return this.simd(0xe1);
  }
  /** Round each lane to the nearest integer, ties to even (still f32). */
  f32x4Nearest(): this {
    return this.simd(0x6a);
  }
  /** Lane-wise a < b as an all-ones / all-zeros mask (false for NaN). */
  f32x4Lt(): this {
    return this.simd(0x43);
  }
  /** f32 lanes to signed i32 lanes, truncating (NaN to 0, out of range saturated). */
  i32x4TruncSatF32x4S(): this {
    return this.simd(0xf8);
  }
  i32x4Add(): this {
    return this.simd(0xae);
  }
  /** Shift each i32 lane left by the i32 on top of the stack (mod 32). */
  i32x4Shl(): this {
    return this.simd(0xab);
  }
  /** f32x4.splat: an f32 in all four lanes. */
  f32x4Splat(): this {
    return this.simd(0x13);
  }
  /** 1 if any bit of the v128 is set, else 0. */
  v128AnyTrue(): this {
    return this.simd(0x53);
  }
  v128Or(): this {
    return this.simd(0x50);
  }
  /** (a & mask) | (b & ~mask) for operands a, b, mask (pushed in that order). */
  v128Bitselect(): this {
    return this.simd(0x52);
  }
  /** i32x4.splat: an i32 in all four lanes. */
  i32x4Splat(): this {
    return this.simd(0x11);
  }
  i32x4ExtractLane(lane: number): this {
    return this.simd(0x1b, lane);
  }
  /** Signed saturating narrowing of two i32x4 to one i16x8 (first operand's lanes low). */
  i16x8NarrowI32x4S(): this {
    return this.simd(0x85);
  }
  /** Signed saturating narrowing of two i16x8 to one i8x16 (first operand's lanes low). */
  i8x16NarrowI16x8S(): this {
    return this.simd(0x65);
  }
  /** Sign-extend the low eight i8 lanes to i16x8. */
  i16x8ExtendLowI8x16S(): this {
    return this.simd(0x87);
  }
  /** Sign-extend the low four i16 lanes to i32x4. */
  i32x4ExtendLowI16x8S(): this {
    return this.simd(0xa7);
  }
  /** Lane-wise maximum; NaN in either operand gives NaN (so a relu built on it keeps NaN). */
  f32x4Max(): this {
    return this.simd(0xe9);
  }
  /** Lane-wise `a < b ? b : a` (pseudo-maximum: keeps `a` when either is NaN, as `if (b > a) a = b`). */
  f32x4Pmax(): this {
    return this.simd(0xeb);
  }
  f32x4ExtractLane(lane: number): this {
    return this.simd(0x1f, lane);
  }
  /** Lane-wise a > b as an all-ones / all-zeros mask (false for NaN). */
  f32x4Gt(): this {
    return this.simd(0x44);
  }
  v128And(): this {
    return this.simd(0x4e);
  }
  /** The two low f32 lanes to f64x2, exactly. */
  f64x2PromoteLowF32x4(): this {
    return this.simd(0x5f);
  }
  /** f64x2.splat: an f64 in both lanes. */
  f64x2Splat(): this {
    return this.simd(0x14);
  }
  /** Lane-wise IEEE square root, correctly rounded. */
  f64x2Sqrt(): this {
    return this.simd(0xef);
  }
  f64x2Add(): this {
    return this.simd(0xf0);
  }
  f64x2Mul(): this {
    return this.simd(0xf2);
  }
  f64x2ExtractLane(lane: 0 | 1): this {
    return this.simd(0x21, lane);
  }
  /** Relaxed-SIMD fused (or unfused, at the engine's choice) multiply-add: a·b + c. */
  f32x4RelaxedMadd(): this {
    return this.simd(0x105);
  }

  /** `for (i = start; i < end; i += step) body()`, with start/end/step locals or constants. */
  forRange(i: Local, start: Local | number, end: Local | number, step: Local | number, body: () => void): this {
    const push = (v: Local | number) => (typeof v === 'number' ? this.i32(v) : this.get(v));
    push(start);
    this.set(i);
    this.block(() => {
      push(i);
      push(end);
      this.geS().brIf(0);
      this.loop(() => {
        body();
        this.get(i);
        push(step);
        this.add().tee(i);
        push(end);
        this.ltS().brIf(0);
      });
    });
    return this;
  }

  block(body: () => void): this {
    this.op(0x02, 0x40);
    this.depth++;
    body();
    this.depth--;
    return this.op(0x0b);
  }
  loop(body: () => void): this {
    this.op(0x03, 0x40);
    this.depth++;
    body();
    this.depth--;
    return this.op(0x0b);
  }
  /** `if (top of stack) then() else otherwise()`. */
  ifElse(then: () => void, otherwise?: () => void): this {
    this.op(0x04, 0x40);
    this.depth++;
    then();
    if (otherwise) {
      this.op(0x05);
      otherwise();
    }
    this.depth--;
    return this.op(0x0b);
  }
  /** Call the module's function number `index` (its position in `encodeModule`'s list). */
  call(index: number): this {
    return this.op(0x10, ...uleb(index));
  }
  /** Branch to the enclosing label `depth` levels out (0 = innermost) when the top of stack is non-zero. */
  brIf(depth: number): this {
    return this.op(0x0d, ...uleb(depth));
  }
  /** Branch to the enclosing label `depth` levels out, unconditionally. */
  br(depth: number): this {
    return this.op(0x0c, ...uleb(depth));
  }

  /** The function's type (for the type section) and its encoded body (for the code section). */
  encode(): { type: number[]; body: number[] } {
    if (this.depth !== 0) throw new Error(`${this.name}: unbalanced blocks`);
    const type = [0x60, ...uleb(this.params.length), ...this.params.map((p) => p.type), ...uleb(this.results.length), ...this.results];
    const runs: number[][] = [];
    for (const l of this.extraLocals) {
      const last = runs[runs.length - 1];
      if (last && last[1] === l.type) last[0]++;
      else runs.push([1, l.type]);
    }
    const locals = [...uleb(runs.length), ...runs.flatMap(([count, type]) => [...uleb(count), type])];
    const content = [...locals, ...this.code, 0x0b];
    return { type, body: [...uleb(content.length), ...content] };
  }
}

/** Memory import settings: `env.memory`, with `shared` requiring a maximum. */
export interface MemoryImport {
  initialPages: number;
  maximumPages: number;
  shared: boolean;
}

/**
 * Encode a module that imports `env.memory` and exports each function under its name.
 * Every function gets its own type entry (duplicates are legal and keep the encoder simple).
 */
export function encodeModule(memory: MemoryImport, functions: FunctionBuilder[]): Uint8Array {
  const encoded = functions.map((f) => f.encode());
  const limits = memory.shared ? [0x03, ...uleb(memory.initialPages), ...uleb(memory.maximumPages)] : [0x01, ...uleb(memory.initialPages), ...uleb(memory.maximumPages)];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(encoded.map((e) => e.type))),
    ...section(2, vec([[...utf8('env'), ...utf8('memory'), 0x02, ...limits]])),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(7, vec(functions.map((f, i) => [...utf8(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(encoded.map((e) => e.body))),
  ];
  return Uint8Array.from(bytes);
}

/**
 * The SIMD backend's host side of the paper's max-pooling (`Backend.maxPoolPairs` and its
 * gradient, `kernels/pool.ts`), for float32 data whose channel count is a multiple of 4: the
 * operands are copied into the module, pooled there four channels at a time and copied out.
 */
import type { Data } from '../../tensor.js';
import type { PoolShape } from '../backend.js';
import type { MatmulHost } from './matmul.js';
import { Layout } from './memory.js';

/** Whether the module takes this pooling: float32 data and C a multiple of 4. */
export const simdPoolTakes = (data: readonly Data[], g: PoolShape): boolean => g.channels % 4 === 0 && data.every((d) => d instanceof Float32Array);

/** Lay out [B, T, C], [B, Tout, C] and its byte mask (`full`, `half`, `second`) for one call. */
function plan(host: MatmulHost, { batch, length, channels, outLength }: PoolShape): { full: number; half: number; second: number; halfFloats: number } {
  const halfFloats = batch * outLength * channels;
  const mem = new Layout();
  const full = mem.floats(batch * length * channels);
  const half = mem.floats(halfFloats);
  // one mask byte per output; C is a multiple of 4, so the mask fills whole float slots
  const second = mem.floats(halfFloats / 4);
  host.memory.ensure(mem.end);
  return { full, half, second, halfFloats };
}

/** `Backend.maxPoolPairs` in the module. */
export function simdMaxPoolPairs(host: MatmulHost, x: Data, y: Data, second: Uint8Array, g: PoolShape): void {
  const at = plan(host, g);
  const f32 = host.memory.f32;
  f32.set(x.subarray(0, g.batch * g.length * g.channels), at.full / 4);
  host.kernels.maxPoolPairs(at.full, at.half, at.second, g.batch, g.length, g.outLength, 4 * g.channels);
  y.set(f32.subarray(at.half / 4, at.half / 4 + at.halfFloats));
  second.set(new Uint8Array(f32.buffer, at.second, at.halfFloats));
}

/** `Backend.maxPoolPairsBackward` in the module. */
export function simdMaxPoolPairsBackward(host: MatmulHost, dy: Data, second: Uint8Array, dx: Data, g: PoolShape): void {
  const at = plan(host, g);
  const f32 = host.memory.f32;
  f32.set(dy.subarray(0, at.halfFloats), at.half / 4);
  new Uint8Array(f32.buffer, at.second, at.halfFloats).set(second.subarray(0, at.halfFloats));
  host.kernels.maxPoolPairsBackward(at.half, at.second, at.full, g.batch, g.length, g.outLength, 4 * g.channels);
  dx.set(f32.subarray(at.full / 4, at.full / 4 + g.batch * g.length * g.channels));
}

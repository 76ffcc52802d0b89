/**
 * Convolution speed for benchmarks (`bench/conv.js`): seconds per `Backend.conv1d` and
 * `Backend.conv1dBackward` call on one layer, and the direct-equivalent rate
 *   GFLOP/s = 2·B·Tout·K·Cin·Cout / seconds
 * per pass (the backward computes dw and, unless `dx` is false, dx: two such products, and the
 * bias gradient), so kernels that do fewer multiplications (Winograd) show as a higher rate.
 */
import { Rng } from '../random.js';
import type { Backend, Conv1dShape } from './backend.js';

export interface ConvTiming {
  /** Median milliseconds of a forward (with bias and relu) and of a backward call. */
  forwardMs: number;
  backwardMs: number;
  /** Direct-equivalent GFLOP/s of each. */
  forwardGflops: number;
  backwardGflops: number;
}

export interface ConvTimingOptions {
  /** Timed calls of each (default 15), after three untimed ones. */
  repeats?: number;
  /** Whether the backward computes dx (false for a model's first layer, default true). */
  dx?: boolean;
  seed?: number;
}

/** Direct multiply-adds of one conv1d pass over `g`, times 2. */
export const convFlops = (g: Conv1dShape): number => 2 * g.batch * g.outLength * g.kernel * g.channels * g.filters;

/** Time `backend`'s convolution over `g` on seeded uniform data. */
export function timeConv1d(backend: Backend, g: Conv1dShape, { repeats = 15, dx = true, seed = 0 }: ConvTimingOptions = {}): ConvTiming {
  const rng = new Rng(seed);
  const uniform = (n: number, scale: number) => Float32Array.from({ length: n }, () => rng.uniform(-scale, scale));
  const x = uniform(g.batch * g.length * g.channels, 1);
  const w = uniform(g.kernel * g.channels * g.filters, 0.2);
  const bias = uniform(g.filters, 0.1);
  const y = new Float32Array(g.batch * g.outLength * g.filters);
  const dy = uniform(y.length, 1);
  const grads = { dx: dx ? new Float32Array(x.length) : null, dw: new Float32Array(w.length), dbias: new Float32Array(g.filters) };
  const forward: number[] = [];
  const backward: number[] = [];
  for (let i = 0; i < repeats + 3; i++) {
    let start = performance.now();
    backend.conv1d(x, w, bias, true, y, g);
    const f = performance.now() - start;
    start = performance.now();
    backend.conv1dBackward(x, w, y, dy, true, g, grads);
    const b = performance.now() - start;
    if (i >= 3) {
      forward.push(f);
      backward.push(b);
    }
  }
  const med = (v: number[]) => v.sort((a, b) => a - b)[v.length >> 1];
  const flops = convFlops(g);
  const forwardMs = med(forward);
  const backwardMs = med(backward);
  return { forwardMs, backwardMs, forwardGflops: flops / forwardMs / 1e6, backwardGflops: ((dx ? 2 : 1) * flops) / backwardMs / 1e6 };
}

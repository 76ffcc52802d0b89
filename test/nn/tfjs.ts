/**
 * TensorFlow.js as the reference implementation (dev dependency, pure-JS CPU backend, float32):
 * loading it quietly, moving values in and out, and the deviation report printed by the tests.
 */
import type { Data } from '../../src/autograd/index.js';
import { compareClose, expectClose, type NumericArray, type Tolerance } from '../util/close.js';

export type Tf = typeof import('@tensorflow/tfjs');

let loaded: Promise<Tf> | null = null;

/** tfjs on its CPU backend, with the "install tfjs-node" notice switched off (PROD mode). */
export function loadTf(): Promise<Tf> {
  loaded ??= (async () => {
    const tf = await import('@tensorflow/tfjs');
    tf.env().set('PROD', true);
    await tf.setBackend('cpu');
    return tf;
  })();
  return loaded;
}

export function maxAbs(values: NumericArray): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

/** Largest |actual - expected| and that error relative to max |expected|. */
export function deviation(actual: NumericArray, expected: NumericArray): { abs: number; rel: number } {
  const report = compareClose(actual, expected, { atol: 0, rtol: 1 });
  const scale = maxAbs(expected);
  return { abs: report.maxAbsError, rel: scale === 0 ? report.maxAbsError : report.maxAbsError / scale };
}

/**
 * Tolerances of the tfjs comparisons (numpy semantics): forward rtol 1e-5 and gradients rtol 1e-4,
 * each with an atol of 1e-6 times the largest reference magnitude, which only matters for elements
 * near zero, where float32 sums that cancel lose their relative precision.
 */
export const FORWARD: Tolerance = { rtol: 1e-5 };
export const GRADIENT: Tolerance = { rtol: 1e-4 };

/** expectClose with the scaled atol above; returns the deviation for the report. */
export function expectMatches(label: string, actual: NumericArray, expected: NumericArray, tol: Tolerance): { abs: number; rel: number } {
  expectClose(label, actual, expected, { rtol: tol.rtol, atol: 1e-6 * Math.max(maxAbs(expected), 1e-30) });
  return deviation(actual, expected);
}

/** Collects the largest deviations per layer and prints one line each ("—" where none was measured). */
export class DeviationReport {
  private readonly rows = new Map<string, Record<'forward' | 'gradient', { abs: number; rel: number } | null>>();

  add(layer: string, kind: 'forward' | 'gradient', d: { abs: number; rel: number }): void {
    const row = this.rows.get(layer) ?? { forward: null, gradient: null };
    const old = row[kind];
    row[kind] = old === null ? d : { abs: Math.max(old.abs, d.abs), rel: Math.max(old.rel, d.rel) };
    this.rows.set(layer, row);
  }

  print(): void {
    const e = (d: { abs: number; rel: number } | null) => (d === null ? '—'.padEnd(17) : `${d.abs.toExponential(1)} (${d.rel.toExponential(1)})`);
    console.log('\n  largest deviation from tfjs: max |Δ| (and max |Δ| / max |tfjs|)');
    for (const [layer, r] of this.rows) console.log(`    ${layer.padEnd(36)} forward ${e(r.forward)}   gradients ${e(r.gradient)}`);
  }
}

/**
 * A float32 copy of values, for every tensor handed to tfjs: `tf.tensor(typedArray)` and
 * `setWeights` keep the caller's buffer, so without a copy tfjs would see our in-place updates.
 */
export function f32(values: Data | NumericArray): Float32Array {
  return Float32Array.from(values as ArrayLike<number>);
}

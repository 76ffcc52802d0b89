/**
 * The one tolerance helper of the test suite, with numpy's `allclose` semantics:
 * element i passes when `|actual[i] - expected[i]| <= atol + rtol * |expected[i]|`.
 * A failure names the label, the worst element's index, both values and the bound it broke.
 */
export interface Tolerance {
  atol?: number;
  rtol?: number;
}

export type NumericArray = ArrayLike<number>;

export interface CloseReport {
  ok: boolean;
  /** Index of the element with the largest excess over its bound (or largest error when all pass). */
  worstIndex: number;
  maxAbsError: number;
  /** Largest `|a-b| / (atol + rtol*|b|)`; <= 1 means every element passes. */
  worstRatio: number;
}

/** Compare two arrays element by element without throwing. */
export function compareClose(actual: NumericArray, expected: NumericArray, { atol = 1e-8, rtol = 1e-5 }: Tolerance = {}): CloseReport {
  if (actual.length !== expected.length) {
    return { ok: false, worstIndex: -1, maxAbsError: Infinity, worstRatio: Infinity };
  }
  let worstIndex = 0;
  let worstRatio = 0;
  let maxAbsError = 0;
  let ok = true;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const b = expected[i];
    const err = Math.abs(a - b);
    const bound = atol + rtol * Math.abs(b);
    const bothNaN = Number.isNaN(a) && Number.isNaN(b);
    // Equal values (equal infinities included) pass even with atol = rtol = 0.
    const ratio = bothNaN || a === b ? 0 : Number.isNaN(err) ? Infinity : err / bound;
    if (!(ratio <= 1)) ok = false;
    if (!bothNaN && err > maxAbsError) maxAbsError = err;
    if (ratio > worstRatio) {
      worstRatio = ratio;
      worstIndex = i;
    }
  }
  return { ok, worstIndex, maxAbsError, worstRatio };
}

/** Throw a labelled error unless every element of `actual` is close to `expected`. */
export function expectClose(label: string, actual: NumericArray | number, expected: NumericArray | number, tol: Tolerance = {}): CloseReport {
  const a = typeof actual === 'number' ? [actual] : actual;
  const e = typeof expected === 'number' ? [expected] : expected;
  if (a.length !== e.length) {
    throw new Error(`${label}: length ${a.length} != expected length ${e.length}`);
  }
  const report = compareClose(a, e, tol);
  if (!report.ok) {
    const i = report.worstIndex;
    const { atol = 1e-8, rtol = 1e-5 } = tol;
    throw new Error(
      `${label}: not close at [${i}]: actual ${a[i]}, expected ${e[i]}, |diff| ${Math.abs(a[i] - e[i]).toExponential(3)} > ` +
        `atol ${atol} + rtol ${rtol} * |expected| (worst ratio ${report.worstRatio.toFixed(2)}, max abs error ${report.maxAbsError.toExponential(3)})`,
    );
  }
  return report;
}

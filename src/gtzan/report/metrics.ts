/**
 * Classification metrics: confusion matrix, accuracy, per-class precision / recall / F1 with
 * macro and support-weighted averages, a text report laid out like scikit-learn's
 * `classification_report`, and mean ± std over runs.
 *
 * Conventions (scikit-learn's): confusion matrix rows are true labels, columns predicted labels;
 * a precision, recall or F1 whose denominator is 0 is reported as 0.
 */

/** `cm[i][j]` = number of samples of true class i predicted as class j; shape [nClasses, nClasses]. */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, nClasses: number): number[][] {
  if (yTrue.length !== yPred.length) throw new Error(`confusionMatrix: ${yTrue.length} true labels but ${yPred.length} predictions`);
  const cm = Array.from({ length: nClasses }, () => new Array<number>(nClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i];
    const p = yPred[i];
    if (!(Number.isInteger(t) && t >= 0 && t < nClasses && Number.isInteger(p) && p >= 0 && p < nClasses)) {
      throw new Error(`confusionMatrix: sample ${i} has true ${t}, predicted ${p}; both must be integers in [0, ${nClasses})`);
    }
    cm[t][p]++;
  }
  return cm;
}

/** Fraction of samples on the diagonal of a confusion matrix (0 when it is empty). */
export function accuracyFromConfusion(cm: number[][]): number {
  let correct = 0;
  let total = 0;
  cm.forEach((row, i) => row.forEach((count, j) => {
    total += count;
    if (i === j) correct += count;
  }));
  return total > 0 ? correct / total : 0;
}

/** Fraction of positions where `yPred` equals `yTrue` (0 for no samples). */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  if (yTrue.length !== yPred.length) throw new Error(`accuracy: ${yTrue.length} true labels but ${yPred.length} predictions`);
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return yTrue.length > 0 ? correct / yTrue.length : 0;
}

/** Index of the largest value in each row of a row-major [n, nClasses] matrix (first on ties). */
export function argmaxRows(values: ArrayLike<number>, nClasses: number): Int32Array {
  if (values.length % nClasses !== 0) throw new Error(`argmaxRows: ${values.length} values do not make rows of ${nClasses}`);
  const out = new Int32Array(values.length / nClasses);
  for (let r = 0; r < out.length; r++) {
    let best = 0;
    for (let c = 1; c < nClasses; c++) if (values[r * nClasses + c] > values[r * nClasses + best]) best = c;
    out[r] = best;
  }
  return out;
}

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Number of true samples of the class (for averages: of all classes). */
  support: number;
}

export interface ClassificationReport {
  labels: string[];
  /** One entry per label, in `labels` order. */
  perClass: ClassScores[];
  accuracy: number;
  /** Unweighted mean over classes. */
  macro: ClassScores;
  /** Mean over classes weighted by support. */
  weighted: ClassScores;
}

function ratio(numerator: number, denominator: number): number {
  return denominator > 0 ? numerator / denominator : 0;
}

/**
 * Per-class scores from a confusion matrix: precision_j = cm[j][j] / Σ_i cm[i][j],
 * recall_j = cm[j][j] / Σ_k cm[j][k], F1 = 2·P·R / (P + R).
 */
export function classificationReport(cm: number[][], labels: string[]): ClassificationReport {
  const n = labels.length;
  if (cm.length !== n || cm.some((row) => row.length !== n)) throw new Error(`classificationReport: confusion matrix must be ${n}×${n} for ${n} labels`);
  const perClass: ClassScores[] = labels.map((_, j) => {
    const tp = cm[j][j];
    const predicted = cm.reduce((s, row) => s + row[j], 0);
    const support = cm[j].reduce((s, c) => s + c, 0);
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    return { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
  const total = perClass.reduce((s, c) => s + c.support, 0);
  const average = (weight: (c: ClassScores) => number, denominator: number): ClassScores => ({
    precision: ratio(perClass.reduce((s, c) => s + weight(c) * c.precision, 0), denominator),
    recall: ratio(perClass.reduce((s, c) => s + weight(c) * c.recall, 0), denominator),
    f1: ratio(perClass.reduce((s, c) => s + weight(c) * c.f1, 0), denominator),
    support: total,
  });
  return {
    labels: [...labels],
    perClass,
    accuracy: accuracyFromConfusion(cm),
    macro: average(() => 1, n),
    weighted: average((c) => c.support, total),
  };
}

/**
 * The report as text, laid out exactly like scikit-learn's `classification_report` (`digits`
 * decimals, columns 9 wide, names right-aligned).
 */
export function formatClassificationReport(report: ClassificationReport, digits = 2): string {
  const width = Math.max('weighted avg'.length, digits, ...report.labels.map((l) => l.length));
  const line = (name: string, cells: string[]) => `${name.padStart(width)} ${cells.map((c) => ' ' + c.padStart(9)).join('')}`;
  const scores = (s: ClassScores) => [s.precision.toFixed(digits), s.recall.toFixed(digits), s.f1.toFixed(digits), String(s.support)];
  return [
    line('', ['precision', 'recall', 'f1-score', 'support']),
    '',
    ...report.labels.map((l, i) => line(l, scores(report.perClass[i]))),
    '',
    line('accuracy', ['', '', report.accuracy.toFixed(digits), String(report.macro.support)]),
    line('macro avg', scores(report.macro)),
    line('weighted avg', scores(report.weighted)),
  ].join('\n') + '\n';
}

export interface MeanStd {
  mean: number;
  std: number;
  n: number;
}

/**
 * Mean and standard deviation of `values`: std = sqrt(Σ(x − mean)² / (n − ddof)); `ddof` 0 (numpy's
 * default, the population std) unless given. NaN for an empty list, or std NaN when n ≤ ddof.
 */
export function meanStd(values: readonly number[], ddof = 0): MeanStd {
  const n = values.length;
  const mean = n > 0 ? values.reduce((s, x) => s + x, 0) / n : Number.NaN;
  const squares = values.reduce((s, x) => s + (x - mean) ** 2, 0);
  return { mean, std: n > ddof ? Math.sqrt(squares / (n - ddof)) : Number.NaN, n };
}

/** `mean ± std` as text, e.g. `54.40 ± 2.10` (values scaled by `scale`, e.g. 100 for percent). */
export function formatMeanStd({ mean, std }: MeanStd, digits = 2, scale = 1): string {
  return `${(mean * scale).toFixed(digits)} ± ${(std * scale).toFixed(digits)}`;
}

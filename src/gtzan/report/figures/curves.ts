/**
 * Training curves per epoch as SVG: accuracy (left panel) and loss (right panel), one colour per
 * run, training as solid lines and validation as dashed lines.
 */
import { axes, legend, legendWidth, linearScale, niceTicks, paletteColor, r2, svgDocument, text, type LegendEntry, type Rect, type Scale } from './svg.js';

/** One epoch of a run's history (validation values absent when there is no validation set). */
export interface EpochRecord {
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
}

export interface CurveRun {
  /** Legend text, e.g. `run 1 (seed 1)`. */
  name: string;
  history: readonly EpochRecord[];
}

export interface CurvesOptions {
  title?: string;
}

type Metric = 'accuracy' | 'loss';

function series(history: readonly EpochRecord[], metric: Metric, validation: boolean): [number, number][] {
  const points: [number, number][] = [];
  history.forEach((e, i) => {
    const value = validation ? (metric === 'accuracy' ? e.valAccuracy : e.valLoss) : e[metric];
    if (value !== undefined && Number.isFinite(value)) points.push([i + 1, value]);
  });
  return points;
}

function polyline(points: [number, number][], x: Scale, y: Scale, color: string, dashed: boolean): string {
  const coords = points.map(([px, py]) => `${r2(x(px))},${r2(y(py))}`).join(' ');
  const marker = points.length === 1 ? `<circle cx="${r2(x(points[0][0]))}" cy="${r2(y(points[0][1]))}" r="2.5" fill="${color}"/>` : '';
  return `<polyline points="${coords}" fill="none" stroke="${color}" stroke-width="1.6"${dashed ? ' stroke-dasharray="5 3"' : ''}/>${marker}`;
}

function panel(runs: readonly CurveRun[], metric: Metric, area: Rect): string[] {
  const epochs = Math.max(1, ...runs.map((r) => r.history.length));
  const xTicks = niceTicks(1, Math.max(2, epochs), Math.min(8, epochs)).ticks.filter((t) => Number.isInteger(t) && t >= 1 && t <= Math.max(2, epochs));
  const x = linearScale([1, Math.max(2, epochs)], [area.x, area.x + area.width]);
  const values = runs.flatMap((r) => [...series(r.history, metric, false), ...series(r.history, metric, true)].map((p) => p[1]));
  const yTicks = metric === 'accuracy' ? { ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], domain: [0, 1] as [number, number] } : niceTicks(0, values.length > 0 ? Math.max(...values) : 1);
  const y = linearScale(yTicks.domain, [area.y + area.height, area.y]);
  const out = axes(area, x, y, xTicks.map((t) => ({ value: t, label: String(t) })), yTicks.ticks, { x: 'epoch', y: metric });
  runs.forEach((run, i) => {
    const train = series(run.history, metric, false);
    const valid = series(run.history, metric, true);
    if (train.length > 0) out.push(polyline(train, x, y, paletteColor(i), false));
    if (valid.length > 0) out.push(polyline(valid, x, y, paletteColor(i), true));
  });
  out.push(text(area.x + area.width / 2, area.y - 8, metric === 'accuracy' ? 'Accuracy' : 'Loss', { anchor: 'middle', weight: 'bold' }));
  return out;
}

/** Accuracy and loss curves of several runs side by side (see the file header). */
export function trainingCurves(runs: readonly CurveRun[], options: CurvesOptions = {}): string {
  if (runs.length === 0) throw new Error('trainingCurves: no runs to draw');
  const title = options.title ?? 'Training curves';
  const entries: LegendEntry[] = [
    ...runs.map((r, i) => ({ label: r.name, color: paletteColor(i) })),
    { label: 'training', color: '#555' },
    { label: 'validation', color: '#555', dashed: true },
  ];
  const width = 840 + legendWidth(entries) + 10;
  const height = Math.max(420, 80 + entries.length * 18);
  const left: Rect = { x: 70, y: 60, width: 330, height: 290 };
  const right: Rect = { x: 480, y: 60, width: 330, height: 290 };
  const body = [text(width / 2, 26, title, { anchor: 'middle', size: 16, weight: 'bold' }), ...panel(runs, 'accuracy', left), ...panel(runs, 'loss', right)];
  body.push(...legend(830, 60, entries));
  return svgDocument(width, height, title, body);
}

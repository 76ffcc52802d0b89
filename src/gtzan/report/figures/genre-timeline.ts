/**
 * The genre over time (`bench/predict.js --segments`): a stacked area chart of the class
 * probabilities of each timeline entry (a segment or a window, `classify/classifier.ts`), time in
 * seconds on x, probability 0–1 on y, one colour per label, with the song's top label in the title.
 */
import type { TimelineEntry } from '../../classify/classifier.js';
import { axes, legend, legendWidth, linearScale, niceTicks, paletteColor, r2, svgDocument, text, type Rect } from './svg.js';

/** The SVG document of `timeline` for `labels` (see the file header). */
export function genreTimeline(timeline: readonly TimelineEntry[], labels: readonly string[], title: string): string {
  if (timeline.length === 0) throw new Error('genreTimeline: an empty timeline');
  const entries = labels.map((label, k) => ({ label, color: paletteColor(k), swatch: 'box' as const }));
  const width = 760 + legendWidth(entries);
  const height = 320;
  const area: Rect = { x: 60, y: 34, width: 680, height: 230 };
  const end = Math.max(...timeline.map((e) => e.end));
  const xTicks = niceTicks(0, end, 8);
  const x = linearScale([0, end], [area.x, area.x + area.width]);
  const y = linearScale([0, 1], [area.y + area.height, area.y]);
  const body = axes(area, x, y, xTicks.ticks.filter((t) => t <= end).map((t) => ({ value: t, label: `${t}` })), [0, 0.25, 0.5, 0.75, 1], { x: 'time (s)', y: 'probability' });
  // An entry's column spans the midpoints to its neighbours' centres, so overlapping segments tile the axis.
  const centres = timeline.map((e) => (e.start + e.end) / 2);
  timeline.forEach((e, i) => {
    const left = i === 0 ? e.start : (centres[i - 1] + centres[i]) / 2;
    const right = i === timeline.length - 1 ? e.end : (centres[i] + centres[i + 1]) / 2;
    let below = 0;
    e.probabilities.forEach((p, k) => {
      const top = Math.min(1, below + p);
      body.push(`<rect x="${r2(x(left))}" y="${r2(y(top))}" width="${r2(Math.max(0.5, x(right) - x(left)))}" height="${r2(y(below) - y(top))}" fill="${paletteColor(k)}"/>`);
      below = top;
    });
  });
  body.push(...legend(area.x + area.width + 12, area.y, entries));
  body.push(text(area.x, 22, title, { size: 14, weight: 'bold' }));
  return svgDocument(width, height, title, body);
}

/**
 * Grouped bar chart with error bars as SVG, for the feature analysis (paper Fig. 2 and 3): one
 * group per category (e.g. a feature group), one bar per series (e.g. a model), bar height the
 * mean and whiskers ± the error (e.g. the std over runs).
 */
import { axes, legend, legendWidth, linearScale, niceTicks, paletteColor, r2, svgDocument, text, escapeXml } from './svg.js';

export interface BarSeries {
  name: string;
  /** One value per category. */
  values: readonly number[];
  /** Half-length of the error bar per category (e.g. std); omitted: no error bars. */
  errors?: readonly number[];
}

export interface BarChartOptions {
  title?: string;
  yLabel?: string;
  /** Value axis range; default from 0 (or the lowest value, if negative) to the highest value plus error. */
  yMin?: number;
  yMax?: number;
}

export function groupedBarChart(categories: readonly string[], series: readonly BarSeries[], options: BarChartOptions = {}): string {
  if (categories.length === 0 || series.length === 0) throw new Error('groupedBarChart: need at least one category and one series');
  for (const s of series) {
    if (s.values.length !== categories.length || (s.errors && s.errors.length !== categories.length)) {
      throw new Error(`groupedBarChart: series "${s.name}" needs one value${s.errors ? ' and one error' : ''} per category (${categories.length})`);
    }
  }
  const title = options.title ?? '';
  const highs = series.flatMap((s) => s.values.map((v, i) => v + (s.errors?.[i] ?? 0)));
  const lows = series.flatMap((s) => s.values.map((v, i) => v - (s.errors?.[i] ?? 0)));
  const { ticks, domain } = niceTicks(options.yMin ?? Math.min(0, ...lows), options.yMax ?? Math.max(...highs));
  const groupWidth = Math.max(50, 18 * series.length + 24);
  const area = { x: 80, y: 60, width: groupWidth * categories.length, height: 300 };
  const x = linearScale([0, categories.length], [area.x, area.x + area.width]);
  const y = linearScale(domain, [area.y + area.height, area.y]);
  const body: string[] = [];
  if (title) body.push(text(area.x + area.width / 2, 28, title, { anchor: 'middle', size: 16, weight: 'bold' }));
  body.push(...axes(area, x, y, categories.map((c, i) => ({ value: i + 0.5, label: c })), ticks, { y: options.yLabel }));
  const barWidth = (groupWidth - 16) / series.length;
  const baseline = y(Math.max(domain[0], Math.min(domain[1], 0)));
  series.forEach((s, k) => {
    const color = paletteColor(k);
    s.values.forEach((v, i) => {
      const bx = x(i) + 8 + k * barWidth;
      const top = y(v);
      const tooltip = `${s.name}, ${categories[i]}: ${v.toPrecision(4)}${s.errors ? ` ± ${s.errors[i].toPrecision(3)}` : ''}`;
      body.push(`<rect x="${r2(bx + 1)}" y="${r2(Math.min(top, baseline))}" width="${r2(barWidth - 2)}" height="${r2(Math.abs(baseline - top))}" fill="${color}"><title>${escapeXml(tooltip)}</title></rect>`);
      const e = s.errors?.[i];
      if (e !== undefined && e > 0) {
        const cx = bx + barWidth / 2;
        const y1 = y(v - e);
        const y2 = y(v + e);
        body.push(`<path d="M${r2(cx)} ${r2(y1)}V${r2(y2)}M${r2(cx - 4)} ${r2(y1)}H${r2(cx + 4)}M${r2(cx - 4)} ${r2(y2)}H${r2(cx + 4)}" stroke="#222" stroke-width="1.2" fill="none"/>`);
      }
    });
  });
  const entries = series.map((s, k) => ({ label: s.name, color: paletteColor(k), swatch: 'box' as const }));
  body.push(...legend(area.x + area.width + 16, area.y, entries));
  return svgDocument(area.x + area.width + 32 + legendWidth(entries), area.y + area.height + 60, title || 'bar chart', body);
}

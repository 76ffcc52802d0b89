/**
 * Building blocks of the dependency-free SVG charts: escaping, linear scales, "nice" axis ticks,
 * axes with tick labels, legends, a categorical palette and the viridis colour map.
 */

/** Escape text for use in SVG content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A complete SVG document of the given size with a white background and a `<title>`. */
export function svgDocument(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** Round to 2 decimals for compact coordinates. */
export function r2(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/** `<text>` at (x, y); `anchor` start | middle | end; optional rotation in degrees about (x, y). */
export function text(x: number, y: number, content: string, attrs: { anchor?: 'start' | 'middle' | 'end'; size?: number; weight?: string; rotate?: number; fill?: string; baseline?: string } = {}): string {
  const parts = [`x="${r2(x)}"`, `y="${r2(y)}"`];
  if (attrs.anchor && attrs.anchor !== 'start') parts.push(`text-anchor="${attrs.anchor}"`);
  if (attrs.size) parts.push(`font-size="${attrs.size}"`);
  if (attrs.weight) parts.push(`font-weight="${attrs.weight}"`);
  if (attrs.fill) parts.push(`fill="${attrs.fill}"`);
  if (attrs.baseline) parts.push(`dominant-baseline="${attrs.baseline}"`);
  if (attrs.rotate) parts.push(`transform="rotate(${attrs.rotate} ${r2(x)} ${r2(y)})"`);
  return `<text ${parts.join(' ')}>${escapeXml(content)}</text>`;
}

/** Maps [d0, d1] linearly onto [r0, r1]. */
export interface Scale {
  (value: number): number;
  domain: [number, number];
  range: [number, number];
}

export function linearScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  const scale = ((v: number) => r0 + ((v - d0) / span) * (r1 - r0)) as Scale;
  scale.domain = domain;
  scale.range = range;
  return scale;
}

/**
 * About `count` evenly spaced round tick values covering [min, max] (steps of 1, 2, 2.5 or 5 × 10^k),
 * and the domain widened to the outer ticks.
 */
export function niceTicks(min: number, max: number, count = 5): { ticks: number[]; domain: [number, number] } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw new Error(`niceTicks: range [${min}, ${max}] is not finite`);
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return niceTicks(min - pad, max + pad, count);
  }
  const raw = (max - min) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const start = Math.floor(min / step + 1e-9) * step;
  const end = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let k = 0; start + k * step <= end + step * 1e-9; k++) ticks.push(roundTo(start + k * step, step));
  return { ticks, domain: [ticks[0], ticks[ticks.length - 1]] };
}

function roundTo(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number(value.toFixed(Math.min(20, decimals)));
}

/** A tick label: integers plainly, others with as few decimals as needed (at most 3). */
export function formatTick(value: number): string {
  if (Number.isInteger(value)) return String(value);
  for (let d = 1; d <= 3; d++) if (Math.abs(Number(value.toFixed(d)) - value) < 1e-9) return value.toFixed(d);
  return value.toPrecision(3);
}

/** Plot area in pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Axes for a plot area: frame, light grid lines, ticks and tick labels on the left and bottom,
 * and axis titles. `xTicks` may carry their own labels.
 */
export function axes(area: Rect, x: Scale, y: Scale, xTicks: { value: number; label: string }[], yTicks: number[], titles: { x?: string; y?: string }): string[] {
  const out: string[] = [];
  const bottom = area.y + area.height;
  for (const t of yTicks) {
    const py = y(t);
    out.push(`<line x1="${r2(area.x)}" y1="${r2(py)}" x2="${r2(area.x + area.width)}" y2="${r2(py)}" stroke="#e5e5e5"/>`);
    out.push(`<line x1="${r2(area.x - 4)}" y1="${r2(py)}" x2="${r2(area.x)}" y2="${r2(py)}" stroke="#333"/>`);
    out.push(text(area.x - 7, py + 4, formatTick(t), { anchor: 'end', size: 11 }));
  }
  for (const t of xTicks) {
    const px = x(t.value);
    out.push(`<line x1="${r2(px)}" y1="${r2(bottom)}" x2="${r2(px)}" y2="${r2(bottom + 4)}" stroke="#333"/>`);
    out.push(text(px, bottom + 17, t.label, { anchor: 'middle', size: 11 }));
  }
  out.push(`<rect x="${r2(area.x)}" y="${r2(area.y)}" width="${r2(area.width)}" height="${r2(area.height)}" fill="none" stroke="#333"/>`);
  if (titles.x) out.push(text(area.x + area.width / 2, bottom + 36, titles.x, { anchor: 'middle' }));
  if (titles.y) out.push(text(area.x - 44, area.y + area.height / 2, titles.y, { anchor: 'middle', rotate: -90 }));
  return out;
}

export interface LegendEntry {
  label: string;
  color: string;
  dashed?: boolean;
  /** A line (default) or a filled box. */
  swatch?: 'line' | 'box';
}

/** Approximate width in pixels of a legend box (11-px labels). */
export function legendWidth(entries: readonly LegendEntry[]): number {
  return 40 + Math.max(0, ...entries.map((e) => e.label.length)) * 6.6;
}

/** A legend box: one swatch and label per entry, stacked from (x, y). */
export function legend(x: number, y: number, entries: readonly LegendEntry[]): string[] {
  const out: string[] = [];
  const width = legendWidth(entries);
  out.push(`<rect x="${r2(x)}" y="${r2(y)}" width="${r2(width)}" height="${entries.length * 18 + 8}" fill="#ffffff" fill-opacity="0.85" stroke="#bbb"/>`);
  entries.forEach((e, i) => {
    const cy = y + 13 + i * 18;
    if (e.swatch === 'box') out.push(`<rect x="${r2(x + 8)}" y="${r2(cy - 5)}" width="16" height="10" fill="${e.color}"/>`);
    else out.push(`<line x1="${r2(x + 6)}" y1="${r2(cy)}" x2="${r2(x + 26)}" y2="${r2(cy)}" stroke="${e.color}" stroke-width="2"${e.dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
    out.push(text(x + 31, cy + 4, e.label, { size: 11 }));
  });
  return out;
}

/** Ten distinguishable colours (Tableau 10), cycled for more series. */
export const PALETTE: readonly string[] = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export function paletteColor(i: number): string {
  return PALETTE[i % PALETTE.length];
}

/** Viridis sampled at 9 points; `viridis(t)` interpolates linearly for t in [0, 1]. */
const VIRIDIS: [number, number, number][] = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141], [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
];

/** RGB of the viridis colour map at t (clamped to [0, 1]). */
export function viridis(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i];
  const b = VIRIDIS[i + 1];
  return [0, 1, 2].map((k) => Math.round(a[k] + f * (b[k] - a[k]))) as [number, number, number];
}

export function rgbHex([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * One clip's features over time as stacked panels (the paper's Fig. 1): heatmaps for MFCC
 * (each coefficient standardised over the clip, so the large 0th coefficient does not swamp the
 * rest), chroma and spectral contrast; line plots for spectral centroid, zero-crossing rate and
 * RMS standardised over the clip. Panels for groups missing from the matrix are left out.
 * Heatmaps are embedded as PNG images (one pixel per frame and row, lowest row at the bottom).
 */
import type { FeatureGroup, FrameFeatures } from '../../../dsp/index.js';
import { encodePng, pngDataUri } from './png.js';
import { formatTick, linearScale, niceTicks, r2, rgbHex, svgDocument, text, viridis, type Rect } from './svg.js';

export interface FeaturesFigureOptions {
  /** Figure title, e.g. the clip name. */
  title?: string;
  /** Sample rate and hop of the frames, to label time in seconds (defaults 22050 and 512). */
  sr?: number;
  hopLength?: number;
}

interface PanelSpec {
  group: FeatureGroup;
  kind: 'heatmap' | 'line';
  title: string;
  /** Row labels of a heatmap (bottom row first), or the y-axis title of a line plot. */
  axis: string;
  transform?: 'standardise-rows' | 'standardise';
}

const CHROMA_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

const PANELS: PanelSpec[] = [
  { group: 'mfcc', kind: 'heatmap', title: 'MFCC (each coefficient standardised)', axis: 'coefficient', transform: 'standardise-rows' },
  { group: 'centroid', kind: 'line', title: 'Spectral centroid', axis: 'Hz' },
  { group: 'chroma', kind: 'heatmap', title: 'Chroma', axis: 'pitch class' },
  { group: 'contrast', kind: 'heatmap', title: 'Spectral contrast', axis: 'band' },
  { group: 'zcr', kind: 'line', title: 'Zero-crossing rate', axis: 'rate' },
  { group: 'rms', kind: 'line', title: 'RMS (standardised)', axis: 'z-score', transform: 'standardise' },
];

/** Column `c` of a group as an array over frames. */
function column(f: FrameFeatures, c: number): Float64Array {
  const out = new Float64Array(f.nFrames);
  for (let t = 0; t < f.nFrames; t++) out[t] = f.data[t * f.nFeatures + c];
  return out;
}

/** (x − mean) / std over the array; all zeros when the std is 0. */
function standardiseArray(x: Float64Array): Float64Array {
  const mean = x.reduce((s, v) => s + v, 0) / x.length;
  const std = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length);
  return x.map((v) => (std > 0 ? (v - mean) / std : 0));
}

function minMax(rows: Float64Array[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) for (const v of r) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  return Number.isFinite(lo) ? [lo, hi] : [0, 1];
}

function heatmap(rows: Float64Array[], area: Rect, spec: PanelSpec, rowLabels: string[]): string[] {
  const width = rows[0].length;
  const height = rows.length;
  const [lo, hi] = minMax(rows);
  const rgb = new Uint8Array(width * height * 3);
  rows.forEach((row, r) => {
    const y = height - 1 - r;
    row.forEach((v, t) => rgb.set(viridis(hi > lo ? (v - lo) / (hi - lo) : 0.5), (y * width + t) * 3));
  });
  const out = [
    `<image x="${area.x}" y="${area.y}" width="${area.width}" height="${area.height}" preserveAspectRatio="none" style="image-rendering:pixelated" href="${pngDataUri(encodePng(width, height, rgb))}"/>`,
    `<rect x="${area.x}" y="${area.y}" width="${area.width}" height="${area.height}" fill="none" stroke="#333"/>`,
  ];
  const every = Math.ceil(height / 6);
  rowLabels.forEach((label, r) => {
    if (r % every !== 0) return;
    const cy = area.y + area.height - ((r + 0.5) / height) * area.height;
    out.push(`<line x1="${area.x - 4}" y1="${r2(cy)}" x2="${area.x}" y2="${r2(cy)}" stroke="#333"/>`);
    out.push(text(area.x - 7, cy + 4, label, { anchor: 'end', size: 10 }));
  });
  out.push(text(area.x - 42, area.y + area.height / 2, spec.axis, { anchor: 'middle', rotate: -90, size: 11 }));
  const barX = area.x + area.width + 12;
  const steps = 24;
  for (let s = 0; s < steps; s++) {
    out.push(`<rect x="${barX}" y="${r2(area.y + area.height - ((s + 1) / steps) * area.height)}" width="10" height="${r2(area.height / steps + 0.5)}" fill="${rgbHex(viridis((s + 0.5) / steps))}"/>`);
  }
  out.push(`<rect x="${barX}" y="${area.y}" width="10" height="${area.height}" fill="none" stroke="#333"/>`);
  out.push(text(barX + 14, area.y + 9, formatValue(hi), { size: 10 }));
  out.push(text(barX + 14, area.y + area.height, formatValue(lo), { size: 10 }));
  return out;
}

function formatValue(v: number): string {
  return Math.abs(v) >= 100 || v === 0 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(1) : String(Number(v.toPrecision(2)));
}

function linePlot(values: Float64Array, area: Rect, spec: PanelSpec, x: (frame: number) => number): string[] {
  const [lo, hi] = minMax([values]);
  const { ticks, domain } = niceTicks(lo, hi, 3);
  const y = linearScale(domain, [area.y + area.height, area.y]);
  const out: string[] = [];
  for (const t of ticks) {
    out.push(`<line x1="${area.x}" y1="${r2(y(t))}" x2="${area.x + area.width}" y2="${r2(y(t))}" stroke="#e5e5e5"/>`);
    out.push(`<line x1="${area.x - 4}" y1="${r2(y(t))}" x2="${area.x}" y2="${r2(y(t))}" stroke="#333"/>`);
    out.push(text(area.x - 7, y(t) + 4, formatTick(t), { anchor: 'end', size: 10 }));
  }
  const points = Array.from(values, (v, t) => `${r2(x(t))},${r2(y(Number.isFinite(v) ? v : 0))}`).join(' ');
  out.push(`<polyline points="${points}" fill="none" stroke="#4e79a7" stroke-width="1.2"/>`);
  out.push(`<rect x="${area.x}" y="${area.y}" width="${area.width}" height="${area.height}" fill="none" stroke="#333"/>`);
  out.push(text(area.x - 50, area.y + area.height / 2, spec.axis, { anchor: 'middle', rotate: -90, size: 11 }));
  return out;
}

/** The stacked-panel figure of one clip's all-group frame matrix (see the file header). */
export function featuresFigure(features: FrameFeatures, options: FeaturesFigureOptions = {}): string {
  const panels = PANELS.filter((p) => features.groups.some((g) => g.group === p.group));
  if (panels.length === 0) throw new Error(`featuresFigure: none of ${PANELS.map((p) => p.group).join(', ')} is among the features`);
  if (features.nFrames < 2) throw new Error(`featuresFigure: need at least 2 frames, got ${features.nFrames}`);
  const sr = options.sr ?? 22050;
  const hop = options.hopLength ?? 512;
  const title = options.title ?? 'Features over time';
  const seconds = ((features.nFrames - 1) * hop) / sr;
  const plotX = 90;
  const plotWidth = 760;
  const time = linearScale([0, seconds], [plotX, plotX + plotWidth]);
  const frameX = (t: number) => time((t * hop) / sr);
  const body: string[] = [text(plotX + plotWidth / 2, 26, title, { anchor: 'middle', size: 16, weight: 'bold' })];
  let y = 50;
  for (const spec of panels) {
    const range = features.groups.find((g) => g.group === spec.group)!;
    const height = spec.kind === 'heatmap' ? Math.max(70, Math.min(140, 6 * range.width)) : 70;
    const area: Rect = { x: plotX, y: y + 18, width: plotWidth, height };
    body.push(text(plotX, y + 12, spec.title, { weight: 'bold', size: 12 }));
    const rows = Array.from({ length: range.width }, (_, k) => column(features, range.start + k));
    if (spec.kind === 'heatmap') {
      const shown = spec.transform === 'standardise-rows' ? rows.map(standardiseArray) : rows;
      const rowLabels = spec.group === 'chroma' && range.width === 12 ? CHROMA_NAMES : rows.map((_, k) => String(k));
      body.push(...heatmap(shown, area, spec, rowLabels));
    } else {
      body.push(...linePlot(spec.transform === 'standardise' ? standardiseArray(rows[0]) : rows[0], area, spec, frameX));
    }
    y = area.y + area.height + 12;
  }
  const bottom = y - 12;
  for (const t of niceTicks(0, seconds, 8).ticks.filter((t) => t <= seconds + 1e-9)) {
    body.push(`<line x1="${r2(time(t))}" y1="${bottom}" x2="${r2(time(t))}" y2="${bottom + 4}" stroke="#333"/>`);
    body.push(text(time(t), bottom + 17, formatTick(t), { anchor: 'middle', size: 11 }));
  }
  body.push(text(plotX + plotWidth / 2, bottom + 36, 'time (s)', { anchor: 'middle' }));
  return svgDocument(plotX + plotWidth + 80, bottom + 50, title, body);
}

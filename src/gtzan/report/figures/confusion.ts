/**
 * Confusion-matrix heatmap as SVG: rows are true labels, columns predicted labels. Each cell shows
 * its count; its colour is the count as a fraction of the row (the per-class recall on the
 * diagonal), on the viridis scale, with a colour bar.
 */
import { escapeXml, r2, rgbHex, svgDocument, text, viridis } from './svg.js';

export interface ConfusionOptions {
  title?: string;
}

/** Heatmap of `cm` ([n, n], rows = true label) with `labels` on both axes. */
export function confusionMatrixFigure(cm: readonly (readonly number[])[], labels: readonly string[], options: ConfusionOptions = {}): string {
  const n = labels.length;
  if (cm.length !== n || cm.some((row) => row.length !== n)) throw new Error(`confusionMatrixFigure: matrix must be ${n}×${n} for ${n} labels`);
  const title = options.title ?? 'Confusion matrix';
  const cell = Math.max(28, Math.min(48, Math.floor(480 / Math.max(1, n))));
  const longest = Math.max(4, ...labels.map((l) => l.length));
  // Row labels are horizontal (about 6.5 px per character); column labels are turned 60°.
  const rowLabelWidth = 10 + 6.5 * longest;
  const columnLabelHeight = 12 + 6.5 * longest * Math.sin(Math.PI / 3);
  const left = rowLabelWidth + 30;
  const top = 60;
  const size = n * cell;
  const width = left + size + 110;
  const height = top + size + columnLabelHeight + 36;
  const body: string[] = [text(left + size / 2, 28, title, { anchor: 'middle', size: 16, weight: 'bold' })];
  cm.forEach((row, i) => {
    const total = row.reduce((s, c) => s + c, 0);
    row.forEach((count, j) => {
      const fraction = total > 0 ? count / total : 0;
      const x = left + j * cell;
      const y = top + i * cell;
      const tooltip = `true ${labels[i]}, predicted ${labels[j]}: ${count} (${(100 * fraction).toFixed(1)} % of row)`;
      body.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${rgbHex(viridis(fraction))}" stroke="#ffffff" stroke-width="0.5"><title>${escapeXml(tooltip)}</title></rect>`);
      body.push(text(x + cell / 2, y + cell / 2 + 4, String(count), { anchor: 'middle', size: 11, fill: fraction > 0.6 ? '#000000' : '#ffffff' }));
    });
  });
  labels.forEach((label, k) => {
    body.push(text(left - 6, top + k * cell + cell / 2 + 4, label, { anchor: 'end', size: 11 }));
    const x = left + k * cell + cell / 2 + 4;
    body.push(text(x, top + size + 8, label, { anchor: 'end', size: 11, rotate: -60 }));
  });
  body.push(`<rect x="${left}" y="${top}" width="${size}" height="${size}" fill="none" stroke="#333"/>`);
  body.push(text(left - rowLabelWidth - 12, top + size / 2, 'true label', { anchor: 'middle', rotate: -90 }));
  body.push(text(left + size / 2, top + size + columnLabelHeight + 20, 'predicted label', { anchor: 'middle' }));
  const barX = left + size + 30;
  const steps = 50;
  for (let s = 0; s < steps; s++) {
    const y0 = top + size - ((s + 1) / steps) * size;
    body.push(`<rect x="${barX}" y="${r2(y0)}" width="14" height="${r2(size / steps + 0.5)}" fill="${rgbHex(viridis((s + 0.5) / steps))}"/>`);
  }
  body.push(`<rect x="${barX}" y="${top}" width="14" height="${size}" fill="none" stroke="#333"/>`);
  for (const v of [0, 0.25, 0.5, 0.75, 1]) body.push(text(barX + 19, top + size - v * size + 4, `${Math.round(v * 100)} %`, { size: 10 }));
  body.push(text(barX + 7, top - 10, 'of row', { anchor: 'middle', size: 10 }));
  return svgDocument(width, height, title, body);
}

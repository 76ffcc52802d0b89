import { crc32, inflateSync } from 'node:zlib';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { groupedBarChart } from '../../src/gtzan/report/bars.js';
import { confusionMatrixFigure } from '../../src/gtzan/report/confusion.js';
import { trainingCurves } from '../../src/gtzan/report/curves.js';
import { featuresFigure } from '../../src/gtzan/report/features-figure.js';
import { encodePng } from '../../src/gtzan/report/png.js';
import { escapeXml, niceTicks, viridis } from '../../src/gtzan/report/svg.js';
import type { FrameFeatures } from '../../src/dsp/index.js';

const s = suite('gtzan/report');

/** Throw unless every tag of `svg` is closed in order (a well-formedness check without a parser). */
function assertWellFormed(svg: string): void {
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), 'root element');
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)((?:[^>"]|"[^"]*")*?)(\/?)>/g)) {
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (closing) assert.is(stack.pop(), name, `closing </${name}>`);
    else stack.push(name);
  }
  assert.equal(stack, [], 'unclosed elements');
  assert.not.match(svg.replace(/&(amp|lt|gt|quot);/g, ''), /&/, 'unescaped &');
  assert.not.match(svg, /NaN|undefined|Infinity/);
}

function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

s('niceTicks: round steps covering the range; escapeXml; viridis end points', () => {
  assert.equal(niceTicks(0, 1), { ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], domain: [0, 1] });
  assert.equal(niceTicks(0.13, 2.71, 5).ticks, [0, 1, 2, 3]);
  assert.equal(niceTicks(-0.3, 0.42, 4).ticks, [-0.4, -0.2, 0, 0.2, 0.4, 0.6]);
  assert.equal(niceTicks(1, 30, 8).ticks, [0, 5, 10, 15, 20, 25, 30]);
  assert.equal(niceTicks(5, 5).domain, [4.4, 5.6], 'a single value gets a range around it');
  assert.is(escapeXml('a<b & "c">'), 'a&lt;b &amp; &quot;c&quot;&gt;');
  assert.equal(viridis(0), [68, 1, 84]);
  assert.equal(viridis(1), [253, 231, 37]);
});

s('PNG: valid chunks and CRCs; IDAT inflates to filtered rows of the pixels', () => {
  const rgb = Uint8Array.from({ length: 3 * 2 * 3 }, (_, i) => i * 13);
  const png = encodePng(3, 2, rgb);
  assert.equal(Array.from(png.subarray(0, 8)), [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let offset = 8;
  const chunks: Record<string, Buffer> = {};
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    assert.is(png.readUInt32BE(offset + 8 + length), crc32(png.subarray(offset + 4, offset + 8 + length)), `${type} CRC`);
    chunks[type] = data;
    offset += 12 + length;
  }
  assert.equal(Object.keys(chunks), ['IHDR', 'IDAT', 'IEND']);
  assert.equal([chunks.IHDR.readUInt32BE(0), chunks.IHDR.readUInt32BE(4), chunks.IHDR[8], chunks.IHDR[9]], [3, 2, 8, 2]);
  const rows = inflateSync(chunks.IDAT);
  assert.equal(Array.from(rows), [0, ...rgb.subarray(0, 9), 0, ...rgb.subarray(9)]);
  assert.throws(() => encodePng(3, 2, new Uint8Array(5)), /need 18/);
});

s('training curves: both panels, a solid and a dashed line per run, legend entries', () => {
  const history = Array.from({ length: 4 }, (_, e) => ({ loss: 2 - 0.3 * e, accuracy: 0.2 + 0.1 * e, valLoss: 2.1 - 0.2 * e, valAccuracy: 0.15 + 0.08 * e }));
  const svg = trainingCurves([{ name: 'run 1 (seed 1)', history }, { name: 'run 2 & more', history: history.slice(0, 3).map(({ loss, accuracy }) => ({ loss, accuracy })) }], { title: 'LSTM' });
  assertWellFormed(svg);
  assert.is((svg.match(/<polyline/g) ?? []).length, 2 * 2 + 2);
  assert.is((svg.match(/<polyline[^>]*stroke-dasharray/g) ?? []).length, 2);
  for (const label of ['LSTM', 'Accuracy', 'Loss', 'run 1 (seed 1)', 'run 2 &amp; more', 'training', 'validation', 'epoch']) assert.ok(texts(svg).includes(label), label);
  assert.throws(() => trainingCurves([]), /no runs/);
});

s('confusion matrix: one cell per pair with its count, labels on both axes', () => {
  const cm = [[5, 1, 0], [2, 3, 0], [0, 0, 0]];
  const svg = confusionMatrixFigure(cm, ['blues', 'jazz', 'rock']);
  assertWellFormed(svg);
  const cells = [...svg.matchAll(/<rect[^>]*><title>true (\w+), predicted (\w+): (\d+)/g)].map((m) => `${m[1]}>${m[2]}=${m[3]}`);
  assert.is(cells.length, 9);
  assert.ok(cells.includes('blues>blues=5') && cells.includes('jazz>blues=2') && cells.includes('rock>rock=0'));
  assert.is(texts(svg).filter((t) => t === 'jazz').length, 2);
  assert.throws(() => confusionMatrixFigure([[1]], ['a', 'b']), /2×2/);
});

s('grouped bars: one bar per series and category, error bars, legend', () => {
  const svg = groupedBarChart(['mfcc', 'chroma'], [{ name: 'CNN', values: [0.4, 0.2], errors: [0.05, 0.01] }, { name: 'LSTM', values: [0.5, 0.3] }], { title: 'positive', yLabel: 'accuracy' });
  assertWellFormed(svg);
  assert.is((svg.match(/<rect[^>]*><title>/g) ?? []).length, 4);
  assert.is((svg.match(/<path d="M/g) ?? []).length, 2);
  for (const label of ['mfcc', 'chroma', 'CNN', 'LSTM', 'accuracy', 'positive']) assert.ok(texts(svg).includes(label), label);
  assert.throws(() => groupedBarChart(['a'], [{ name: 'x', values: [1, 2] }]), /one value per category/);
});

s('features figure: heatmaps as embedded PNGs and line plots for the groups present', () => {
  const nFrames = 40;
  const groups: FrameFeatures['groups'] = [
    { group: 'mfcc', start: 0, width: 20 },
    { group: 'centroid', start: 20, width: 1 },
    { group: 'chroma', start: 21, width: 12 },
    { group: 'contrast', start: 33, width: 7 },
    { group: 'zcr', start: 40, width: 1 },
    { group: 'rms', start: 41, width: 1 },
  ];
  const nFeatures = 42;
  const data = Float32Array.from({ length: nFrames * nFeatures }, (_, i) => Math.sin(i * 0.37) * ((i % nFeatures) + 1));
  const features: FrameFeatures = { nFrames, nFeatures, names: Array.from({ length: nFeatures }, (_, k) => `f${k}`), groups, data };
  const svg = featuresFigure(features, { title: 'blues.00001' });
  assertWellFormed(svg);
  assert.is((svg.match(/<image [^>]*href="data:image\/png;base64,/g) ?? []).length, 3);
  assert.is((svg.match(/<polyline/g) ?? []).length, 3);
  for (const label of ['blues.00001', 'Spectral centroid', 'Chroma', 'Spectral contrast', 'Zero-crossing rate', 'RMS (standardised)', 'time (s)', 'C']) assert.ok(texts(svg).some((t) => t.startsWith(label)), label);

  const onlyMfcc = featuresFigure({ ...features, groups: groups.slice(0, 1) });
  assert.is((onlyMfcc.match(/<image /g) ?? []).length, 1);
  assert.is((onlyMfcc.match(/<polyline/g) ?? []).length, 0);
  assert.throws(() => featuresFigure({ ...features, groups: [{ group: 'amplitude', start: 0, width: 4 }] }), /none of/);
});

s.run();

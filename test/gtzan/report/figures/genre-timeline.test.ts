/** The genre-over-time chart: well-formed, one stacked column per entry filling [0, 1], the labels in the legend. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { genreTimeline } from '../../../../src/gtzan/report/figures/genre-timeline.js';
import { assertWellFormed, texts } from '../../../util/svg.js';

const test = suite('gtzan report figures genre-timeline');

test('stacks each entry’s probabilities over its span, names the labels and the title', () => {
  const timeline = [
    { start: 0, end: 1.3, probabilities: [0.7, 0.2, 0.1] },
    { start: 0.65, end: 1.95, probabilities: [0.1, 0.8, 0.1] },
    { start: 1.3, end: 2.6, probabilities: [0, 0.5, 0.5] },
  ];
  const svg = genreTimeline(timeline, ['rock', 'jazz', 'pop & co'], 'song.wav: jazz (50.0%)');
  assertWellFormed(svg);
  assert.ok(texts(svg).includes('song.wav: jazz (50.0%)'));
  for (const label of ['rock', 'jazz']) assert.ok(texts(svg).includes(label), label);
  assert.match(svg, />pop &amp; co</, 'labels are escaped');
  const bars = [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="#/g)].map((m) => m.slice(1).map(Number));
  const columns = new Map<number, number>();
  for (const [x, , , h] of bars.slice(0, 9)) columns.set(x, (columns.get(x) ?? 0) + h);
  assert.is(columns.size, 3, 'one column per entry');
  for (const height of columns.values()) assert.ok(Math.abs(height - 230) < 0.05, `a column fills the axis (${height})`);
  assert.throws(() => genreTimeline([], ['a'], 't'), /an empty timeline/);
});

test.run();

/** The grouped bar chart of the feature analysis: a bar per series and category, error bars, legend. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { groupedBarChart } from '../../../../src/gtzan/report/figures/bars.js';
import { assertWellFormed, texts } from '../../../util/svg.js';

const test = suite('gtzan/report/figures/bars');

test('grouped bars: one bar per series and category, error bars, legend', () => {
  const svg = groupedBarChart(['mfcc', 'chroma'], [{ name: 'CNN', values: [0.4, 0.2], errors: [0.05, 0.01] }, { name: 'LSTM', values: [0.5, 0.3] }], { title: 'positive', yLabel: 'accuracy' });
  assertWellFormed(svg);
  assert.is((svg.match(/<rect[^>]*><title>/g) ?? []).length, 4);
  assert.is((svg.match(/<path d="M/g) ?? []).length, 2);
  for (const label of ['mfcc', 'chroma', 'CNN', 'LSTM', 'accuracy', 'positive']) assert.ok(texts(svg).includes(label), label);
  assert.throws(() => groupedBarChart(['a'], [{ name: 'x', values: [1, 2] }]), /one value per category/);
});

test.run();

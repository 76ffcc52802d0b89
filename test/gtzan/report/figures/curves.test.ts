/** The accuracy curves: both panels, a line per run, the legend. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { trainingCurves } from '../../../../src/gtzan/report/figures/curves.js';
import { assertWellFormed, texts } from '../../../util/svg.js';

const test = suite('gtzan/report/figures/curves');

test('training curves: both panels, a solid and a dashed line per run, legend entries', () => {
  const history = Array.from({ length: 4 }, (_, e) => ({ loss: 2 - 0.3 * e, accuracy: 0.2 + 0.1 * e, valLoss: 2.1 - 0.2 * e, valAccuracy: 0.15 + 0.08 * e }));
  const svg = trainingCurves([{ name: 'run 1 (seed 1)', history }, { name: 'run 2 & more', history: history.slice(0, 3).map(({ loss, accuracy }) => ({ loss, accuracy })) }], { title: 'LSTM' });
  assertWellFormed(svg);
  assert.is((svg.match(/<polyline/g) ?? []).length, 2 * 2 + 2);
  assert.is((svg.match(/<polyline[^>]*stroke-dasharray/g) ?? []).length, 2);
  for (const label of ['LSTM', 'Accuracy', 'Loss', 'run 1 (seed 1)', 'run 2 &amp; more', 'training', 'validation', 'epoch']) assert.ok(texts(svg).includes(label), label);
  assert.throws(() => trainingCurves([]), /no runs/);
});

test.run();

/** The confusion-matrix figure: a cell per pair with its count, labels on both axes. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { confusionMatrixFigure } from '../../../../src/gtzan/report/figures/confusion.js';
import { assertWellFormed, texts } from '../../../util/svg.js';

const test = suite('gtzan/report/figures/confusion');

test('confusion matrix: one cell per pair with its count, labels on both axes', () => {
  const cm = [[5, 1, 0], [2, 3, 0], [0, 0, 0]];
  const svg = confusionMatrixFigure(cm, ['blues', 'jazz', 'rock']);
  assertWellFormed(svg);
  const cells = [...svg.matchAll(/<rect[^>]*><title>true (\w+), predicted (\w+): (\d+)/g)].map((m) => `${m[1]}>${m[2]}=${m[3]}`);
  assert.is(cells.length, 9);
  assert.ok(cells.includes('blues>blues=5') && cells.includes('jazz>blues=2') && cells.includes('rock>rock=0'));
  assert.is(texts(svg).filter((t) => t === 'jazz').length, 2);
  assert.throws(() => confusionMatrixFigure([[1]], ['a', 'b']), /2×2/);
});

test.run();

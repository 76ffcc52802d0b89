/** The SVG helpers: round axis ticks, XML escaping, the viridis colour map. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { escapeXml, niceTicks, viridis } from '../../../../src/gtzan/report/figures/svg.js';

const test = suite('gtzan/report/figures/svg');

test('niceTicks: round steps covering the range; escapeXml; viridis end points', () => {
  assert.equal(niceTicks(0, 1), { ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], domain: [0, 1] });
  assert.equal(niceTicks(0.13, 2.71, 5).ticks, [0, 1, 2, 3]);
  assert.equal(niceTicks(-0.3, 0.42, 4).ticks, [-0.4, -0.2, 0, 0.2, 0.4, 0.6]);
  assert.equal(niceTicks(1, 30, 8).ticks, [0, 5, 10, 15, 20, 25, 30]);
  assert.equal(niceTicks(5, 5).domain, [4.4, 5.6], 'a single value gets a range around it');
  assert.is(escapeXml('a<b & "c">'), 'a&lt;b &amp; &quot;c&quot;&gt;');
  assert.equal(viridis(0), [68, 1, 84]);
  assert.equal(viridis(1), [253, 231, 37]);
});

test.run();

/** The bump allocator every kernel call lays its buffers out with: 64-byte aligned regions in order, from a chosen start. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Layout, roundUp } from '../../src/wasm/layout.js';

const s = suite('wasm layout');

s('reserve and floats hand out 64-byte aligned regions in order, from 0 or a given start', () => {
  const layout = new Layout();
  assert.is(layout.reserve(10), 0);
  assert.is(layout.reserve(64), 64);
  assert.is(layout.floats(1), 128);
  assert.is(layout.end, 192);
  const after = new Layout(4096);
  assert.is(after.floats(17), 4096);
  assert.is(after.end, 4096 + 128);
});

s('roundUp rounds up to a multiple', () => {
  assert.equal([roundUp(0, 4), roundUp(1, 4), roundUp(4, 4), roundUp(130, 64)], [0, 4, 4, 192]);
});

s.run();

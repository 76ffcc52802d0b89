/**
 * add: y = a + b with numpy broadcasting. Backward: da = dy, db = dy (the engine un-broadcasts).
 * A bias (b's shape a suffix of a's, e.g. [C] under [B, T, C]) takes a direct loop: it follows
 * every Dense and Conv1D.
 */
import { checkDtypes, record } from '../engine.js';
import { allocateLike, type Tensor } from '../tensor.js';
import { asTensor, broadcastBinary, isSuffix } from './elementwise.js';

export function add(a: Tensor, b: Tensor | number): Tensor {
  const bt = asTensor(b, a);
  let data;
  let shape: readonly number[];
  if (bt.rank > 0 && bt.rank < a.rank && isSuffix(bt.shape, a.shape)) {
    checkDtypes('add', [a, bt]);
    const ad = a.data;
    const bd = bt.data;
    const inner = bd.length;
    data = allocateLike(ad);
    for (let base = 0; base < ad.length; base += inner) {
      for (let j = 0; j < inner; j++) data[base + j] = ad[base + j] + bd[j];
    }
    shape = a.shape;
  } else {
    ({ data, shape } = broadcastBinary('add', a, bt, (u, v) => u + v));
  }
  return record('add', data, shape, [a, bt], (dy) => [dy, dy], { broadcast: true });
}

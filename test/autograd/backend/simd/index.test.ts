/**
 * Creating the SIMD backend: its name and thread count, the limit on threads, the Winograd tile
 * and the FMA kernel it was built with, and its routing of a K = 5 convolution by that tile.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { convGeometry, referenceBackend, Rng, type Conv1dShape } from '../../../../src/autograd/index.js';
import { createSimdBackend, simdUnavailableReason } from '../../../../src/autograd/backend/simd/index.js';
import { enableRelaxedMadd } from '../../../../src/autograd/backend/simd/kernels/module.js';
import { compareClose, expectClose } from '../../../util/close.js';

const test = suite('simd backend creation');

test('one thread or several, named by the count; more threads than the control block holds are refused', async () => {
  const reason = simdUnavailableReason();
  if (reason) return console.log(`\n  skip: simd backend: ${reason}`);
  const one = await createSimdBackend();
  assert.equal([one.name, one.threads, one.threadsNote], ['simd', 1, null]);
  const two = await createSimdBackend({ threads: 2 });
  assert.equal([two.name, two.threads, two.threadsNote], ['simd×2', 2, null]);
  await Promise.all([one.dispose(), two.dispose()]);
  const refused = await createSimdBackend({ threads: 33 }).then(() => null, (err: Error) => err.message);
  assert.match(String(refused), /simd backend: at most 32 threads/);
});

test('the Winograd tile (default F(4, 5), or none) and the FMA kernel (on where it validates) are the ones asked for', async () => {
  const reason = simdUnavailableReason();
  if (reason) return console.log(`\n  skip: simd backend: ${reason}`);
  const byDefault = await createSimdBackend();
  assert.equal([byDefault.winograd?.m, byDefault.winograd?.r], [4, 5]);
  assert.is(byDefault.shape.madd, await enableRelaxedMadd(), 'the FMA kernel wherever relaxed SIMD validates');
  const plain = await createSimdBackend({ relaxed: false, winograd: null });
  assert.equal([plain.shape.madd, plain.winograd], [false, null]);
  const g: Conv1dShape = { batch: 2, length: 30, channels: 8, kernel: 5, filters: 16, stride: 1, ...convGeometry(30, 5, 1, 'same') };
  const rng = new Rng(5);
  const x = Float32Array.from({ length: 2 * 30 * 8 }, () => rng.uniform(-1, 1));
  const w = Float32Array.from({ length: 5 * 8 * 16 }, () => rng.uniform(-1, 1));
  const ref = new Float32Array(2 * 30 * 16);
  referenceBackend.conv1d(x, w, null, false, ref, g);
  // each kernel rounds its own way: F(4, 5), F(2, 5) and the direct kernel give three different
  // results, each within float32 rounding of the reference
  const outputs = [];
  for (const backend of [byDefault, await createSimdBackend({ winograd: { m: 2, r: 5 } }), plain]) {
    const y = new Float32Array(ref.length);
    backend.conv1d(x, w, null, false, y, g);
    expectClose(`${backend.winograd ? `F(${backend.winograd.m}, 5)` : 'direct'} conv1d`, y, ref, { atol: 1e-5, rtol: 1e-4 });
    outputs.push(y);
  }
  for (const [i, j] of [[0, 1], [0, 2], [1, 2]]) assert.not.ok(compareClose(outputs[i], outputs[j], { atol: 0, rtol: 0 }).ok, `kernels ${i} and ${j} gave the same bits`);
});

test.run();

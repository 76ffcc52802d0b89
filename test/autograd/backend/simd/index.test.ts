/** Creating the SIMD backend: its name and thread count, and the limit on threads. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createSimdBackend, simdUnavailableReason } from '../../../../src/autograd/backend/simd/index.js';

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

test.run();

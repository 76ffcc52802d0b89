/**
 * The shared kernel suite (test/autograd/backend/kernel-suite.ts) in this process: the reference
 * backend against the naive definitions, every other backend that can start here against the
 * reference (the small shapes; the GL modes, which also run the training sizes, are
 * test/autograd/backend/gpujs.test.ts). Then backend selection by name and the SIMD backend's
 * thread-count determinism.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { referenceBackend, type Backend, type LstmShape } from '../../src/autograd/index.js';
import { backendNames, createBackend, createSimdBackend, gpujsUnavailableReason, simdUnavailableReason } from '../../src/autograd/backend/index.js';
import { expectClose } from '../util/close.js';
import { availableBackends } from './backends.js';
import { convShape, exact, kernelCases, naiveMatmul, random, randomLstmInputs, runLstm, variants } from './backend/kernel-suite.js';

/** One uvu suite per backend and case group, one test per case. */
function register(backend: Backend): void {
  const groups = new Map<string, ReturnType<typeof suite>>();
  for (const { group, name, run } of kernelCases(backend)) {
    let test = groups.get(group);
    if (!test) groups.set(group, (test = suite(`backend ${backend.name}: ${group}`)));
    test(name, run);
  }
  for (const test of groups.values()) test.run();
}

register(referenceBackend);
for (const backend of await availableBackends()) register(backend);

const selection = suite('backend selection');

selection('createBackend builds every runnable backend by name, and each computes a product', async () => {
  const [m, k, n] = [6, 10, 18];
  const a = random(m * k);
  const b = random(k * n);
  for (const name of backendNames) {
    const reason = name === 'gpujs' ? gpujsUnavailableReason('gpu') : name === 'simd' ? simdUnavailableReason() : null;
    if (reason) {
      let message = '';
      await createBackend(name).catch((err: Error) => (message = err.message));
      assert.ok(message.includes(reason), `createBackend('${name}') should refuse with the reason, got '${message}'`);
      continue;
    }
    const backend = await createBackend(name);
    const c = new Float32Array(m * n);
    backend.matmul(a, b, c, m, k, n);
    expectClose(`createBackend('${name}') product`, c, naiveMatmul(a, b, m, k, n, false, false), { atol: 1e-5, rtol: 1e-4 });
    await backend.dispose();
  }
});

selection('unknown names and gpu.js modes are refused', async () => {
  let message = '';
  await createBackend('cuda' as never).catch((err: Error) => (message = err.message));
  assert.ok(message.includes("unknown backend 'cuda'"), message);
  message = '';
  await createBackend('gpujs', { gpujsMode: 'metal' as never }).catch((err: Error) => (message = err.message));
  assert.ok(message.includes("unknown mode 'metal'"), message);
});

selection.run();

const threads = suite('simd threads');

if (simdUnavailableReason() === null && typeof SharedArrayBuffer === 'function') {
  threads('results are identical for 1, 2 and 3 threads (matmul, conv1d and the LSTM)', async () => {
    const one = await createSimdBackend({ threads: 1 });
    const many = [await createSimdBackend({ threads: 2, parallelMinFlops: 0 }), await createSimdBackend({ threads: 3, parallelMinFlops: 0 })];
    for (const [m, k, n] of [[70, 129, 31], [32, 168, 512], [9, 600, 17], [200, 40, 100]] as const) {
      for (const [tA, tB] of variants) {
        const a = random(m * k);
        const b = random(k * n);
        const c1 = new Float32Array(m * n);
        one.matmul(a, b, c1, m, k, n, tA, tB);
        for (const backend of many) {
          const c = new Float32Array(m * n);
          backend.matmul(a, b, c, m, k, n, tA, tB);
          expectClose(`${backend.name} vs 1 thread, ${m}x${k}x${n} tA=${tA} tB=${tB}`, c, c1, exact);
        }
      }
    }
    for (const spec of [[3, 40, 40, 5, 32, 1, 'same'], [2, 33, 7, 4, 17, 2, 'valid']] as const) {
      const g = convShape(spec);
      const x = random(g.batch * g.length * g.channels);
      const w = random(g.kernel * g.channels * g.filters);
      const bias = random(g.filters);
      const dy = random(g.batch * g.outLength * g.filters);
      const run = (backend: Backend) => {
        const y = new Float32Array(dy.length);
        backend.conv1d(x, w, bias, true, y, g);
        const grads = { dx: new Float32Array(x.length), dw: new Float32Array(w.length), dbias: new Float32Array(g.filters) };
        backend.conv1dBackward(x, w, y, dy, true, g, grads);
        return [y, grads.dx, grads.dw, grads.dbias];
      };
      const expected = run(one);
      for (const backend of many) {
        run(backend).forEach((got, i) => expectClose(`${backend.name} vs 1 thread, conv1d ${spec.join(' ')} output ${i}`, got, expected[i], exact));
      }
    }
    for (const [returnSequences, masked] of [[true, true], [false, false]] as const) {
      const g: LstmShape = { batch: 17, steps: 6, features: 40, units: 32 };
      const inputs = randomLstmInputs(g, returnSequences, masked);
      const expected = runLstm(one, g, returnSequences, inputs);
      for (const backend of many) {
        for (const [name, got] of Object.entries(runLstm(backend, g, returnSequences, inputs))) expectClose(`${backend.name} vs 1 thread, lstm ${name}`, got!, expected[name]!, exact);
      }
    }
    await Promise.all([one, ...many].map((backend) => backend.dispose()));
  });
} else {
  console.log('\n  skip: simd thread determinism: needs WebAssembly SIMD and SharedArrayBuffer');
}

threads.run();

/** The DSP kernels' instance: a memory that grows on demand, one build on first use, and null without WebAssembly. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { instantiateKernels, lazyKernels } from '../../../src/dsp/simd/instance.js';
import { FunctionBuilder, i32 } from '../../../src/wasm/emitter.js';

const s = suite('dsp simd instance');

/** `store(at, value)`: an i32 written at a byte address. */
function storeKernel(): FunctionBuilder {
  const f = new FunctionBuilder('store', [i32, i32]);
  f.get(f.params[0]).get(f.params[1]).i32Store();
  return f;
}

s('buffer(bytes) grows the memory to fit, and the kernel writes where it is told', () => {
  const kernels = instantiateKernels([storeKernel()]);
  assert.ok(kernels, 'Node has WebAssembly');
  assert.is(kernels.buffer(100).byteLength, 65536, 'one page to start');
  const buffer = kernels.buffer(3 * 65536 + 1);
  assert.is(buffer.byteLength, 4 * 65536);
  (kernels.exports.store as (at: number, value: number) => void)(3 * 65536, 1234567);
  assert.is(new Int32Array(kernels.buffer(0), 3 * 65536, 1)[0], 1234567);
  assert.throws(() => kernels.buffer(2 ** 32 + 1), /exceed a 32-bit WebAssembly memory/);
});

s('lazyKernels builds the module once, on first use', () => {
  let builds = 0;
  const kernels = lazyKernels(() => {
    builds++;
    return [storeKernel()];
  });
  assert.is(builds, 0);
  const first = kernels();
  assert.ok(first);
  assert.is(kernels(), first);
  assert.is(builds, 1);
});

s('null where the engine has no WebAssembly', () => {
  const global = globalThis as { WebAssembly?: unknown };
  const saved = global.WebAssembly;
  delete global.WebAssembly;
  try {
    assert.is(instantiateKernels([storeKernel()]), null);
  } finally {
    global.WebAssembly = saved;
  }
});

s.run();

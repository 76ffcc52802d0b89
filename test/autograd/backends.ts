/**
 * The backends other than the reference that run in this process. Each faster backend registers
 * itself in this list; one that cannot start on this machine is left out with a printed reason.
 *
 * The SIMD backend runs twice on one thread, with and without relaxed-SIMD fused multiply-adds. The two-thread SIMD backend splits every call (threshold 0), so the shared kernel suite runs
 * its threaded path even on the small shapes. gpu.js runs here in its WebAssembly and CPU modes,
 * which check the kernel source that gpu.js translates for every mode; its GL modes need an X
 * display or a browser and run the suite at training sizes in test/autograd/backend/gpujs.test.ts.
 */
import type { Backend } from '../../src/autograd/index.js';
import { createGpujsBackend, createSimdBackend, gpujsUnavailableReason, simdUnavailableReason, tiledBackend, type GpujsMode } from '../../src/autograd/backend/index.js';

const skip = (what: string, reason: string) => console.log(`\n  skip: ${what}: ${reason}`);

/** gpu.js's modes that compute on the CPU. */
const cpuModes: GpujsMode[] = ['webasm', 'cpu'];

let cached: Promise<Backend[]> | null = null;

async function start(): Promise<Backend[]> {
  const backends: Backend[] = [tiledBackend];
  const simdReason = simdUnavailableReason();
  if (simdReason) skip('simd backend', simdReason);
  else {
    backends.push(await createSimdBackend({ threads: 1 }));
    // the default kernels use relaxed-SIMD fused multiply-adds where the engine has them; check the plain ones too
    const plain = await createSimdBackend({ threads: 1, relaxed: false });
    backends.push(Object.create(plain, { name: { value: 'simd-no-fma' } }) as Backend);
    if (typeof SharedArrayBuffer === 'function') backends.push(await createSimdBackend({ threads: 2, parallelMinFlops: 0 }));
    else skip('simd backend with 2 threads', 'SharedArrayBuffer is not available');
  }
  for (const mode of cpuModes) {
    const reason = gpujsUnavailableReason(mode);
    if (reason) skip(`gpujs backend, mode '${mode}'`, reason);
    else backends.push(createGpujsBackend({ mode }));
  }
  return backends;
}

/** Every runnable non-reference backend of this process, started once per process. */
export function availableBackends(): Promise<Backend[]> {
  cached ??= start();
  return cached;
}

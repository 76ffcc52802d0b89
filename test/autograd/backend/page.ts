/// <reference lib="dom" />
/**
 * Browser page (bundled by test/util/browser.ts): the kernel suite at training sizes on gpu.js's
 * WebGL2 mode and on the WebAssembly SIMD backend (one thread), run by
 * test/autograd/backend/gpujs.test.ts through `runKernelSuite(name)`. The page shows each run's
 * renderer and counts, and every failing case, for the screenshot.
 */
import { createGpujsBackend, createSimdBackend, type GpujsBackend } from '../../../src/autograd/backend/index.js';
import type { Backend } from '../../../src/autograd/index.js';
import type { SuiteRun } from './headlessgl.js';
import { kernelCases, runCases } from './kernel-suite.js';

export type PageBackend = 'gpujs-webgl2' | 'simd';

async function start(name: PageBackend): Promise<{ backend: Backend & { dispose(): Promise<void> }; renderer: string | null }> {
  if (name === 'simd') return { backend: await createSimdBackend({ threads: 1 }), renderer: null };
  const gpu: GpujsBackend = createGpujsBackend({ mode: 'webgl2' });
  return { backend: gpu, renderer: gpu.renderer() };
}

function show(run: SuiteRun): void {
  const section = document.createElement('section');
  const passed = run.results.filter((r) => r.ok).length;
  const seconds = run.results.reduce((s, r) => s + r.ms, 0) / 1000;
  const heading = document.createElement('h2');
  heading.textContent = `${run.backend}${run.renderer ? ` on ${run.renderer}` : ''}: ${passed}/${run.results.length} cases passed in ${seconds.toFixed(1)} s`;
  section.append(heading);
  for (const failure of run.results.filter((r) => !r.ok)) {
    const line = document.createElement('pre');
    line.textContent = `FAIL ${failure.group}: ${failure.name}\n  ${failure.message}`;
    section.append(line);
  }
  document.getElementById('app')!.append(section);
}

async function runKernelSuite(name: PageBackend): Promise<SuiteRun> {
  const { backend, renderer } = await start(name);
  try {
    const run: SuiteRun = { backend: backend.name, renderer, results: runCases(kernelCases(backend, { realistic: true })) };
    show(run);
    return run;
  } finally {
    await backend.dispose();
  }
}

(globalThis as unknown as { runKernelSuite: typeof runKernelSuite }).runKernelSuite = runKernelSuite;

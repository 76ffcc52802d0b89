/// <reference lib="dom" />
/**
 * Browser page (bundled by test/util/browser.ts): the kernel suite at training sizes on gpu.js's
 * WebGL2 mode and on the WebAssembly SIMD backend (one thread), run by
 * test/autograd/backend/gpujs.test.ts through `runKernelSuite(name)`. The page shows each run's
 * renderer and counts, and every failing case, for the screenshot. `benchMatmul(shapes)` times
 * gpu.js WebGL2 calls split into upload, compute and readback (test/browser/matmul-bench.ts),
 * `webgl2Renderer()` names the GL it runs on.
 */
import { createGpujsBackend, createSimdBackend, profileGpujsMatmul, type CallProfile, type GpujsBackend, type MatmulShape } from '../../../src/autograd/backend/index.js';
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

/** Seconds per call of `fn`: the median of 3 runs of at least 50 ms each, after one warm-up run. */
function timeCall(fn: () => void): number {
  const perCall: number[] = [];
  for (let run = 0; run <= 3; run++) {
    let calls = 0;
    const start = performance.now();
    do {
      fn();
      calls++;
    } while (performance.now() - start < 50);
    if (run > 0) perCall.push((performance.now() - start) / 1000 / calls);
  }
  return perCall.sort((x, y) => x - y)[1];
}

export interface MatmulBench {
  renderer: string | null;
  rows: { shape: MatmulShape; profile: CallProfile | null }[];
}

async function benchMatmul(shapes: MatmulShape[]): Promise<MatmulBench> {
  const gpu = createGpujsBackend({ mode: 'webgl2' });
  try {
    const rows = shapes.map((shape) => {
      const a = Float32Array.from({ length: shape.m * shape.k }, (_, i) => Math.sin(i));
      const b = Float32Array.from({ length: shape.k * shape.n }, (_, i) => Math.cos(i));
      return { shape, profile: profileGpujsMatmul(gpu, a, b, shape, timeCall) };
    });
    return { renderer: gpu.renderer(), rows };
  } finally {
    await gpu.dispose();
  }
}

/** The WebGL2 renderer gpu.js gets on this page. */
async function webgl2Renderer(): Promise<string | null> {
  const gpu = createGpujsBackend({ mode: 'webgl2' });
  try {
    return gpu.renderer();
  } finally {
    await gpu.dispose();
  }
}

Object.assign(globalThis, { runKernelSuite, benchMatmul, webgl2Renderer });

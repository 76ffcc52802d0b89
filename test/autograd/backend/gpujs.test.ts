/**
 * gpu.js in its two GPU homes, each running the kernel suite at training sizes
 * (kernel-suite.ts, `realistic`) against the reference backend: headless-gl in a child Node under
 * Xvfb, and WebGL2 inside headless Chromium, with the WebAssembly SIMD backend run on the same page.
 * Each home skips with one line saying what to install where its tools are absent; with
 * TUNEGRAD_REQUIRE_GPU_TESTS=1 (set by .ci/run) a missing tool is a failure instead.
 * The page's screenshot goes to test-output/autograd/backend/gpujs/.
 */
import { suite } from 'uvu';
import { isSoftwareRenderer } from '../../../src/autograd/backend/index.js';
import { browserGl, browserUnavailableReason, openPage, testOutputDir } from '../../util/browser.js';
import { headlessGlUnavailableReason, runHeadlessGlSuite, type SuiteRun } from './headlessgl.js';
import type { PageBackend } from './page.js';

const required = process.env.TUNEGRAD_REQUIRE_GPU_TESTS === '1';

/** Skip `what` with `reason`, or fail it when the tools are required. */
function unavailable(what: string, reason: string): void {
  if (!required) {
    console.log(`\n  skip: ${what}: ${reason}`);
    return;
  }
  const test = suite(what);
  test('its tools are installed (TUNEGRAD_REQUIRE_GPU_TESTS=1)', () => {
    throw new Error(reason);
  });
  test.run();
}

/** A run that did not finish: one failing test carrying the error. */
function crashed(what: string, err: Error): void {
  const test = suite(what);
  test('runs to the end', () => {
    throw err;
  });
  test.run();
}

/** One uvu suite per case group of `run`, one test per case; plus a summary line. */
function register(home: string, run: SuiteRun): void {
  const passed = run.results.filter((r) => r.ok).length;
  const seconds = run.results.reduce((s, r) => s + r.ms, 0) / 1000;
  const gl = run.renderer ? ` on ${run.renderer}${run.display ? ` (${run.display})` : isSoftwareRenderer(run.renderer) ? ' (software GL)' : ''}` : '';
  console.log(`\n  ${home}: ${run.backend}${gl}: ${passed}/${run.results.length} kernel-suite cases passed in ${seconds.toFixed(1)} s`);
  const groups = new Map<string, ReturnType<typeof suite>>();
  for (const result of run.results) {
    let test = groups.get(result.group);
    if (!test) groups.set(result.group, (test = suite(`${home} ${run.backend}: ${result.group}`)));
    test(result.name, () => {
      if (!result.ok) throw new Error(result.message);
    });
  }
  for (const test of groups.values()) test.run();
}

const glReason = headlessGlUnavailableReason();
if (glReason) unavailable('gpu.js headless-gl suite', glReason);
else {
  try {
    register('headless-gl (Node)', await runHeadlessGlSuite());
  } catch (err) {
    crashed('gpu.js headless-gl suite', err as Error);
  }
}

const browserReason = browserUnavailableReason();
if (browserReason) unavailable('Chromium suite (gpu.js WebGL2, WebAssembly SIMD)', browserReason);
else {
  const outputDir = testOutputDir('test/autograd/backend/gpujs.test.ts');
  try {
    const page = await openPage({ entry: 'test/autograd/backend/page.ts', outputDir, title: 'tunegrad kernel suite' });
    try {
      for (const name of ['gpujs-webgl2', 'simd'] as PageBackend[]) {
        const run = await page.evaluate((backend) => (globalThis as unknown as { runKernelSuite(b: PageBackend): Promise<SuiteRun> }).runKernelSuite(backend), name);
        register(`Chromium (${browserGl()})`, run);
      }
      console.log(`\n  screenshot: ${await page.screenshot('kernel-suite')}`);
      const errors = page.log.filter((line) => line.startsWith('pageerror') || line.startsWith('error'));
      if (errors.length) console.log(`\n  the page logged:\n    ${errors.join('\n    ')}`);
    } finally {
      await page.close();
    }
  } catch (err) {
    crashed('Chromium suite (gpu.js WebGL2, WebAssembly SIMD)', err as Error);
  }
}

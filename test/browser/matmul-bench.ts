/**
 * gpu.js WebGL2 matmul in headless Chromium, one call split into upload, compute and readback
 * (ms per call), the browser half of `bench/gpu-check.sh`.
 * usage: node --import tsx test/browser/matmul-bench.ts [MxKxN[:ta|:tb],...]  (M, N <= 4096, K <= 16384)
 * GL from TUNEGRAD_BROWSER_GL: swiftshader (default, software), vulkan or egl (a real GPU).
 */
import type { MatmulShape } from '../../src/autograd/backend/index.js';
import type { MatmulBench } from '../autograd/backend/page.js';
import { browserGl, browserUnavailableReason, openPage, testOutputDir } from '../util/browser.js';

/** Software GL runs a 1024³ call for minutes: its default stays small. */
const defaults = browserGl() === 'swiftshader' ? '128x128x128,32x128x512,32x168x512' : '128x128x128,512x512x512,1024x1024x1024,32x128x512,32x168x512,4096x200x32,200x4096x32:ta';
const list = process.argv[2] ?? defaults;
const shapes: MatmulShape[] = list.split(',').map((label) => {
  const [dims, flag = ''] = label.split(':');
  const [m, k, n] = dims.split('x').map(Number);
  if (![m, k, n].every((d) => Number.isInteger(d) && d > 0)) throw new Error(`bad shape '${label}' (expected MxKxN[:ta|:tb])`);
  return { m, k, n, transA: flag.includes('ta'), transB: flag.includes('tb') };
});

const reason = browserUnavailableReason();
if (reason) {
  console.log(`browser matmul bench skipped: ${reason}`);
  process.exit(0);
}
const page = await openPage({ entry: 'test/autograd/backend/page.ts', outputDir: testOutputDir('test/browser/matmul-bench.ts'), title: 'tunegrad matmul bench' });
try {
  const bench = await page.evaluate((s) => (globalThis as unknown as { benchMatmul(s: MatmulShape[]): Promise<MatmulBench> }).benchMatmul(s), shapes);
  console.log(`gpujs-webgl2 in Chromium (${browserGl()}) on ${bench.renderer}: ms per call (upload = call − resident, readback = resident − compute)\n`);
  console.log('| shape (MxKxN) | call | upload | compute | readback | compute GFLOP/s | call GFLOP/s |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const { shape: s, profile: p } of bench.rows) {
    const label = `${s.m}x${s.k}x${s.n}${s.transA ? ':ta' : ''}${s.transB ? ':tb' : ''}`;
    if (!p) {
      console.log(`| ${label} | several kernel calls | | | | | |`);
      continue;
    }
    const ms = (t: number) => (t * 1000).toFixed(2);
    const gflops = (t: number) => ((2 * s.m * s.k * s.n) / t / 1e9).toFixed(2);
    console.log(`| ${label} | ${ms(p.call)} | ${ms(Math.max(0, p.call - p.resident))} | ${ms(p.compute)} | ${ms(Math.max(0, p.resident - p.compute))} | ${gflops(p.compute)} | ${gflops(p.call)} |`);
  }
} finally {
  await page.close();
}

/**
 * gpu.js WebGL2 matmul in headless Chromium, one call split into upload, compute and readback
 * (ms per call), the browser half of `bench/gpu-check.sh`.
 * usage: node --import tsx test/browser/matmul-bench.ts [MxKxN[:ta|:tb],...]  (M, N <= 4096, K <= 16384)
 * GL from TUNEGRAD_BROWSER_GL: swiftshader (default, software), vulkan or egl (a real GPU); without
 * shapes, a software renderer (also Chromium's fallback when vulkan or egl finds no GPU) gets small ones.
 */
import { isSoftwareRenderer, type MatmulShape } from '../../src/autograd/backend/index.js';
import type { MatmulBench } from '../autograd/backend/page.js';
import { browserGl, browserUnavailableReason, openPage, testOutputDir } from '../util/browser.js';

function parseShapes(list: string): MatmulShape[] {
  return list.split(',').map((label) => {
    const [dims, flag = ''] = label.split(':');
    const [m, k, n] = dims.split('x').map(Number);
    if (![m, k, n].every((d) => Number.isInteger(d) && d > 0)) throw new Error(`bad shape '${label}' (expected MxKxN[:ta|:tb])`);
    return { m, k, n, transA: flag.includes('ta'), transB: flag.includes('tb') };
  });
}

/** Software GL runs a 1024³ call for a minute: its default list stays small. */
const SOFTWARE_DEFAULT = '128x128x128,32x128x512,32x168x512';
const GPU_DEFAULT = '128x128x128,512x512x512,1024x1024x1024,32x128x512,32x168x512,4096x200x32,200x4096x32:ta';

/** What page.ts puts on the page's globalThis. */
interface PageApi {
  benchMatmul(shapes: MatmulShape[]): Promise<MatmulBench>;
  webgl2Renderer(): Promise<string | null>;
}

const reason = browserUnavailableReason();
if (reason) {
  console.log(`browser matmul bench skipped: ${reason}`);
  process.exit(0);
}
const page = await openPage({ entry: 'test/autograd/backend/page.ts', outputDir: testOutputDir('test/browser/matmul-bench.ts'), title: 'tunegrad matmul bench' });
try {
  const renderer = await page.evaluate(() => (globalThis as unknown as PageApi).webgl2Renderer());
  const shapes = parseShapes(process.argv[2] ?? (renderer && !isSoftwareRenderer(renderer) ? GPU_DEFAULT : SOFTWARE_DEFAULT));
  const bench = await page.evaluate((s) => (globalThis as unknown as PageApi).benchMatmul(s), shapes);
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

/**
 * Headless Chromium for tests: bundle a page from tunegrad's sources with esbuild, serve it on
 * 127.0.0.1 (with the COOP/COEP headers that SharedArrayBuffer needs), open it in the system
 * Chromium through playwright-core, run code in it, and save screenshots into the test's output
 * folder. Dev-only: Chromium comes from the system (Debian: `apt-get install -y chromium`), never
 * downloaded.
 *
 *   const page = await openPage({ entry: 'test/browser/my-page.ts', outputDir: testOutputDir('test/x.test.ts') });
 *   const value = await page.evaluate(() => (globalThis as any).compute());
 *   await page.screenshot('after');   // → <outputDir>/after.png
 *   await page.close();
 *
 * GL: SwiftShader (Chromium's software GL, as on a machine without a GPU) unless
 * TUNEGRAD_BROWSER_GL says 'vulkan' or 'egl' (a real GPU: `bench/gpu-check.sh`).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { serveStatic } from '../../src/site/serve.js';
import { projectRoot } from './skip.js';

export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** $CHROMIUM, else the first system Chromium found, else null. */
export function chromiumPath(): string | null {
  const fromEnv = process.env.CHROMIUM;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return CHROMIUM_PATHS.find((path) => existsSync(path)) ?? null;
}

/** Why browser tests cannot run here (with what to install), or null when they can. */
export function browserUnavailableReason(): string | null {
  if (!chromiumPath()) {
    return process.env.CHROMIUM ? `CHROMIUM=${process.env.CHROMIUM} does not exist` : `no Chromium at ${CHROMIUM_PATHS.join(', ')}: apt-get install -y chromium (or set CHROMIUM)`;
  }
  for (const module of ['playwright-core', 'esbuild']) {
    if (!existsSync(join(projectRoot, 'node_modules', module, 'package.json'))) return `the dev dependency ${module} is missing: npm install`;
  }
  return null;
}

/** How Chromium renders WebGL: 'swiftshader' (software), or a real GPU through 'vulkan' (ANGLE) or 'egl'. */
export type BrowserGl = 'swiftshader' | 'vulkan' | 'egl';

/** TUNEGRAD_BROWSER_GL, default 'swiftshader'. */
export function browserGl(): BrowserGl {
  const gl = process.env.TUNEGRAD_BROWSER_GL ?? 'swiftshader';
  if (gl !== 'swiftshader' && gl !== 'vulkan' && gl !== 'egl') throw new Error(`TUNEGRAD_BROWSER_GL must be swiftshader, vulkan or egl, got '${gl}'`);
  return gl;
}

const GL_FLAGS: Record<BrowserGl, string[]> = {
  swiftshader: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  vulkan: ['--use-angle=vulkan', '--enable-features=Vulkan', '--ignore-gpu-blocklist'],
  egl: ['--use-gl=egl', '--ignore-gpu-blocklist'],
};

/**
 * Chromium's flags: GL as chosen; no sandbox (tests run as root); none of the background
 * connections a closed network refuses.
 */
export function chromiumFlags(gl: BrowserGl = browserGl()): string[] {
  return ['--no-sandbox', ...GL_FLAGS[gl], '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
}

/** The output folder of a test file: test-output/<its path under test/, without .test.ts>/ at the project root (created). */
export function testOutputDir(testFile: string): string {
  const rel = relative(join(projectRoot, 'test'), resolve(projectRoot, testFile)).replace(/\.test\.ts$/, '');
  const dir = join(projectRoot, 'test-output', rel);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export interface PageOptions {
  /** The page's script (TypeScript, relative to the project root), bundled with everything it imports. */
  entry: string;
  /** Screenshots and the built page (site/) go here. */
  outputDir: string;
  title?: string;
  /** Extra esbuild aliases (module → file relative to the project root). */
  alias?: Record<string, string>;
  gl?: BrowserGl;
}

export interface BrowserPage {
  readonly url: string;
  /** Run `fn(arg)` in the page and return its (awaited, JSON-serialisable) result. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Save a PNG of the page as <outputDir>/<name>.png and return its path. */
  screenshot(name: string): Promise<string>;
  /** Everything the page logged, and its uncaught errors, as lines. */
  readonly log: string[];
  close(): Promise<void>;
}

/** Bundle `entry` into <outputDir>/site/ (page.js + index.html). */
async function buildSite(options: PageOptions): Promise<string> {
  const { build } = await import('esbuild');
  const site = join(options.outputDir, 'site');
  mkdirSync(site, { recursive: true });
  const alias = Object.fromEntries(Object.entries(options.alias ?? {}).map(([name, file]) => [name, resolve(projectRoot, file)]));
  await build({ entryPoints: [resolve(projectRoot, options.entry)], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', outfile: join(site, 'page.js'), alias, logLevel: 'error' });
  const title = options.title ?? options.entry;
  writeFileSync(join(site, 'index.html'), `<!doctype html>\n<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title></head>\n<body><main id="app"></main><script type="module" src="page.js"></script></body></html>\n`);
  return site;
}

/** Build the page, serve it, open it in headless Chromium and wait for it to load. */
export async function openPage(options: PageOptions): Promise<BrowserPage> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error(browserUnavailableReason() ?? 'no Chromium');
  const site = await buildSite(options);
  const { server, url } = await serveStatic(site);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, headless: true, args: chromiumFlags(options.gl) });
  try {
    const page = await browser.newPage();
    const log: string[] = [];
    page.on('console', (message) => log.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (err) => log.push(`pageerror: ${err.message}`));
    await page.goto(url);
    return {
      url,
      log,
      evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) => page.evaluate(fn as unknown as (arg: unknown) => R, arg as unknown) as Promise<R>,
      async screenshot(name: string) {
        const path = join(options.outputDir, `${name}.png`);
        await page.screenshot({ path, fullPage: true });
        return path;
      },
      async close() {
        await browser.close();
        server.close();
      },
    };
  } catch (err) {
    await browser.close();
    server.close();
    throw err;
  }
}

/**
 * The browser app's build: `web/app.ts` (the page) and `web/worker.ts` (decoding, features and
 * classification off the main thread) bundled by esbuild (a dev dependency, loaded only here) into
 * `dist/web/` with `web/index.html`, `web/style.css` and the shipped classifier, so the folder works
 * from any static host. `node:zlib` (PNG heatmaps) becomes `web/zlib-browser.ts` in the bundle.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (this file is dist/site/build.js or src/site/build.ts). */
export const PROJECT_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** Where the app is built by default. */
export const SITE_DIR = join(PROJECT_ROOT, 'dist', 'web');

/** Build the app into `outDir` (default `dist/web`); returns the folder. */
export async function buildSite(outDir: string = SITE_DIR): Promise<string> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new Error('the browser app is built with esbuild, a dev dependency: run npm install in the project');
  }
  mkdirSync(outDir, { recursive: true });
  const web = join(PROJECT_ROOT, 'web');
  await esbuild.build({
    entryPoints: { app: join(web, 'app.ts'), worker: join(web, 'worker.ts') },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: outDir,
    alias: { 'node:zlib': join(web, 'zlib-browser.ts') },
    logLevel: 'error',
  });
  for (const file of ['index.html', 'style.css']) copyFileSync(join(web, file), join(outDir, file));
  copyFileSync(join(PROJECT_ROOT, 'models', 'default.tgc'), join(outDir, 'default.tgc'));
  return outDir;
}

/** Helpers of the GTZAN tests: temporary folders and files, and the compiled build for worker tests. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { projectRoot } from '../util/skip.js';

/** A fresh temporary folder and a function that removes it. */
export function tempDir(prefix = 'tunegrad-gtzan-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Write `content` to `root/relative`, creating folders. Returns the full path. */
export function writeFile(root: string, relative: string, content: string | Uint8Array = ''): string {
  const path = join(root, relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/**
 * The compiled `dist/gtzan` folder when it is at least as new as every `src/gtzan` source (worker
 * threads only run from compiled JavaScript), or null after saying why the dependent test skips.
 */
export function freshDistGtzan(): string | null {
  const dist = join(projectRoot, 'dist', 'gtzan');
  const stale = (dir: string): string | null => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        const inner = stale(path);
        if (inner) return inner;
      } else if (entry.name.endsWith('.ts')) {
        const built = join(dist, relative(join(projectRoot, 'src', 'gtzan'), path)).replace(/\.ts$/, '.js');
        if (!existsSync(built) || statSync(built).mtimeMs < statSync(path).mtimeMs) return path;
      }
    }
    return null;
  };
  const outdated = stale(join(projectRoot, 'src', 'gtzan'));
  if (outdated) {
    console.log(`\n  skip: dist/gtzan is missing or older than ${relative(projectRoot, outdated)}; run \`npx tsc -p tsconfig.json\` to test the worker threads`);
    return null;
  }
  return dist;
}

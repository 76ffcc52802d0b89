import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Project root (the folder holding package.json). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `../shared` beside the checkout: the GTZAN material and the Python oracle, when present. */
export const sharedDir = resolve(projectRoot, '..', 'shared');

/** Path under ../shared/gtzan, or null (after saying why) when the folder is absent. */
export function sharedGtzan(sub = ''): string | null {
  const path = resolve(sharedDir, 'gtzan', sub);
  if (!existsSync(path)) {
    console.log(`\n  skip: ${path} not found; tests on real GTZAN audio are skipped`);
    return null;
  }
  return path;
}

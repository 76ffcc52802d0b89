/** Temporary folders for the GTZAN tests, removed by the caller through `cleanup`. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

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

/**
 * Test entry point: `npm test [-- FILTER]` imports every `test/**\/*.test.ts` (or those whose path
 * contains FILTER), runs them with uvu, and ends with the plain line `N passed, N failed, N skipped`.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from './util/skip.js';

type SuiteRun = () => Promise<[string | true, number, number, number]>;
type QueueEntry = [string | null, ...SuiteRun[]];
const g = globalThis as unknown as { UVU_DEFER: number; UVU_INDEX: number; UVU_QUEUE: QueueEntry[] };

function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(path));
    else if (entry.name.endsWith('.test.ts')) found.push(path);
  }
  return found.sort();
}

g.UVU_DEFER = 1;
const uvu = await import('uvu');
const filters = process.argv.slice(2);
const files = findTests(join(projectRoot, 'test')).filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)));

let importFailures = 0;
for (const [index, file] of files.entries()) {
  g.UVU_INDEX = index;
  g.UVU_QUEUE.push([relative(projectRoot, file)]);
  try {
    await import(pathToFileURL(file).href);
  } catch (err) {
    importFailures++;
    console.error(`\n  FAIL ${relative(projectRoot, file)} could not be loaded: ${(err as Error).stack ?? err}`);
  }
}

let passed = 0;
let failed = importFailures;
let skipped = 0;
for (const group of g.UVU_QUEUE) {
  for (let i = 1; i < group.length; i++) {
    const run = group[i] as SuiteRun;
    group[i] = async () => {
      const result = await run();
      const [, ran, skips, total] = result;
      passed += ran;
      failed += total - ran;
      skipped += skips;
      return result;
    };
  }
}

await uvu.exec(false);
if (failed > 0) process.exitCode = 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);

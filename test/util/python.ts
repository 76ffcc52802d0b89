/** A Python that can import `modules` (../oracle-venv's, $TUNEGRAD_PYTHON or python3), or null after saying why tests skip. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './skip.js';

export function pythonWith(modules: readonly string[], what: string): string | null {
  const candidates = [process.env.TUNEGRAD_PYTHON, join(projectRoot, '..', 'oracle-venv', 'bin', 'python'), 'python3'].filter((p): p is string => !!p);
  const found = candidates.find((p) => spawnSync(p, ['-c', modules.map((m) => `import ${m}`).join('; ')], { encoding: 'utf8' }).status === 0);
  if (found === undefined) console.log(`\n  skip: no Python with ${modules.join(', ')} (../oracle-venv, $TUNEGRAD_PYTHON or python3); ${what} skipped`);
  return found ?? null;
}

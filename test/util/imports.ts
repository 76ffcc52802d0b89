/** The `node:` modules a source file reaches through its value imports (type-only imports are erased and do not count). */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { projectRoot } from './skip.js';

/** Each `node:` module reached from `file` (a path under src/), with the chain of files that reaches it. */
export function nodeImports(file: string): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const visit = (path: string, chain: string[]): void => {
    if (seen.has(path)) return;
    seen.add(path);
    const source = readFileSync(path, 'utf8');
    for (const match of source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)) {
      const target = match[1];
      const here = [...chain, relative(projectRoot, path)];
      if (target.startsWith('node:')) found.push(`${target} via ${here.join(' -> ')}`);
      else if (target.startsWith('.')) visit(resolve(dirname(path), target.replace(/\.js$/, '.ts')), here);
    }
  };
  visit(join(projectRoot, file), []);
  return found;
}

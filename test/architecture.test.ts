/**
 * The house rules of docs/architecture.md ("Who imports whom"), read off the sources: the rooms
 * that must not import others don't, and no chain of value imports under src/ comes back to where
 * it started (a cycle makes a module's exports depend on which file a program enters by; type-only
 * imports are erased and do not count).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { projectRoot } from './util/skip.js';

const test = suite('architecture');

interface ImportEdge {
  /** The imported file, relative to the project root (`src/dsp/stft.ts`). */
  target: string;
  /** Whether the import is erased by TypeScript (`import type`, or every specifier marked `type`). */
  typeOnly: boolean;
}

/** Every .ts file under `dir`, relative to the project root. */
function sources(dir: string): string[] {
  return readdirSync(join(projectRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The relative static imports and re-exports of `file` (`from './x.js'` and bare `import './x.js'`). */
function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(join(projectRoot, file), 'utf8');
  const edges: ImportEdge[] = [];
  const fromClause = /^\s*(?:import|export)\s+(type\s+)?([^;]*?)\s+from\s+'(\.[^']+)'/gm;
  for (const [, typeKeyword, clause, spec] of text.matchAll(fromClause)) {
    const braces = /^\{([^}]*)\}$/.exec(clause.trim());
    const names = braces ? braces[1].split(',').map((s) => s.trim()).filter(Boolean) : null;
    const typeOnly = typeKeyword !== undefined || (names !== null && names.length > 0 && names.every((n) => n.startsWith('type ')));
    edges.push({ target: resolveSpec(file, spec), typeOnly });
  }
  for (const [, spec] of text.matchAll(/^\s*import\s+'(\.[^']+)'/gm)) edges.push({ target: resolveSpec(file, spec), typeOnly: false });
  return edges;
}

/** `./x.js` from `src/a/b.ts` -> `src/a/x.ts`. */
function resolveSpec(file: string, spec: string): string {
  return relative(projectRoot, join(projectRoot, dirname(file), spec)).replace(/\.js$/, '.ts');
}

const files = sources('src');
const graph = new Map(files.map((f) => [f, importsOf(f)]));

test('the parser sees value and type imports apart', () => {
  const edges = graph.get('src/dsp/simd/filterbank.ts') ?? [];
  assert.ok(edges.some((e) => e.target === 'src/wasm/emitter.ts' && !e.typeOnly), 'emitter is a value import');
  assert.ok(edges.some((e) => e.target === 'src/dsp/filterbank.ts' && e.typeOnly), 'SparseFilterbank is a type import');
  assert.ok(files.length > 100, `${files.length} source files found`);
});

test('the rooms that must not import each other do not (docs/architecture.md)', () => {
  const never: Record<string, string[]> = {
    'src/wasm/': ['src/autograd/', 'src/nn/', 'src/dsp/', 'src/gtzan/', 'src/site/'],
    'src/autograd/': ['src/nn/', 'src/dsp/', 'src/gtzan/', 'src/site/'],
    'src/nn/': ['src/dsp/', 'src/gtzan/', 'src/site/'],
    'src/dsp/': ['src/autograd/', 'src/nn/', 'src/gtzan/', 'src/site/'],
  };
  const broken: string[] = [];
  for (const [file, edges] of graph) {
    for (const [room, banned] of Object.entries(never)) {
      if (!file.startsWith(room)) continue;
      for (const { target } of edges) if (banned.some((b) => target.startsWith(b))) broken.push(`${file} imports ${target}`);
    }
  }
  assert.equal(broken, [], broken.join('\n'));
});

test('no cycle of value imports under src/', () => {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const { target, typeOnly } of graph.get(file) ?? []) {
      if (typeOnly || !graph.has(target)) continue;
      if (state.get(target) === 'open') cycles.push([...path.slice(path.indexOf(target)), target].join(' -> '));
      else if (!state.has(target)) visit(target);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  assert.equal(cycles, [], cycles.join('\n'));
});

test.run();

/**
 * The package as a user installs it: `npm pack` the project (its built `dist/`), unpack the tarball
 * into a fresh project's node_modules (its runtime dependencies linked from this checkout, so no
 * network is needed), and run README's "From JavaScript" example there, which must classify a WAV
 * with the shipped default classifier through `import { loadClassifier } from 'tunegrad'`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { projectRoot } from './util/skip.js';
import { toneWav } from './util/wav.js';

const test = suite('package');

/** The js code block of README's "From JavaScript" section. */
function readmeExample(): string {
  const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### From JavaScript'));
  const block = /```js\n([\s\S]*?)```/.exec(section);
  if (block === null) throw new Error('README.md has no js block under "### From JavaScript"');
  return block[1];
}

test("npm pack, install the tarball into a fresh project, run README's example", () => {
  const dir = mkdtempSync(join(tmpdir(), 'tunegrad-package-'));
  try {
    const packed = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: projectRoot, encoding: 'utf8' });
    assert.is(packed.status, 0, packed.stderr);
    const [{ filename, files }] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    const paths = files.map((f) => f.path);
    for (const needed of ['dist/api.js', 'dist/api.d.ts', 'models/default.tgc', 'package.json', 'README.md']) assert.ok(paths.includes(needed), `the tarball holds ${needed}`);
    assert.not.ok(paths.some((p) => p.startsWith('test/') || p.startsWith('src/')), 'no tests or sources in the tarball');

    const app = join(dir, 'app');
    const installed = join(app, 'node_modules', 'tunegrad');
    mkdirSync(installed, { recursive: true });
    const untar = spawnSync('tar', ['-xzf', join(dir, filename), '-C', installed, '--strip-components', '1']);
    assert.is(untar.status, 0, String(untar.stderr));
    const { dependencies } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const dep of Object.keys(dependencies)) symlinkSync(join(projectRoot, 'node_modules', dep), join(app, 'node_modules', dep), 'dir');
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', type: 'module', private: true }));
    writeFileSync(join(app, 'example.js'), readmeExample());
    writeFileSync(join(app, 'song.wav'), toneWav(6, 196));

    const run = spawnSync(process.execPath, ['example.js', 'song.wav'], { cwd: app, encoding: 'utf8' });
    assert.is(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.is(lines.length, 4, run.stdout);
    for (const line of lines.slice(0, 3)) assert.match(line, /^(blues|classical|country|disco|hiphop|jazz|metal|pop|reggae|rock) +\d+\.\d%$/);
    assert.match(lines[3], /^first segment 0\.0-\d\.\d s$/);
    const internals = spawnSync(process.execPath, ['--input-type=module', '-e', "import('tunegrad/internals').then((m) => console.log(typeof m.Sequential, typeof m.loadClassifier))"], { cwd: app, encoding: 'utf8' });
    assert.is(internals.stdout.trim(), 'function function', internals.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();

/** `node bench/conv.js` as a user runs it: help, a clear error, and the table on one thread. */
import { spawnSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { projectRoot } from '../util/skip.js';

const test = suite('bench/conv.js');
const run = (...args: string[]) => spawnSync(process.execPath, ['bench/conv.js', ...args], { cwd: projectRoot, encoding: 'utf8' });

test('--help, a clear error, and a row per layer and kernel on one thread', () => {
  const help = run('--help');
  assert.is(help.status, 0);
  for (const flag of ['--threads', '--repeats']) assert.ok(help.stdout.includes(flag), `--help mentions ${flag}`);
  const bad = run('--repeats', '0');
  assert.is(bad.status, 1);
  assert.is(bad.stderr.trim(), "conv: --repeats must be a positive integer, got '0'");
  const table = run('--threads', '1', '--repeats', '1');
  assert.is(table.status, 0, table.stderr);
  for (const layer of ['40 → 32, T 1293', '32 → 64, T 647', '64 → 64, T 324']) {
    for (const kernels of ['direct ', 'F(4,5)']) {
      assert.match(table.stdout, new RegExp(`\\| ${layer.replace(/[()]/g, '\\$&')} +\\| ${kernels.replace(/[()]/g, '\\$&')} *\\| +1 \\| +[\\d.]+ \\| +[\\d.]+ \\| +[\\d.]+ \\| +[\\d.]+ \\|`));
    }
  }
});

test.run();

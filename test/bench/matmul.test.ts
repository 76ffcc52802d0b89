/** `node bench/matmul.js` as a user runs it: help, a clear error, and a short table of the CPU backends. */
import { spawnSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { projectRoot } from '../util/skip.js';

const test = suite('bench/matmul.js');
const run = (...args: string[]) => spawnSync(process.execPath, ['bench/matmul.js', ...args], { cwd: projectRoot, encoding: 'utf8' });

test('--help, a clear error, and GFLOP/s of the reference and tiled backends on one shape', () => {
  const help = run('--help');
  assert.is(help.status, 0);
  for (const flag of ['--shapes', '--backends', '--threads', '--gpujs-modes', '--runs', '--min-ms']) assert.ok(help.stdout.includes(flag), `--help mentions ${flag}`);
  const bad = run('--runs', 'many');
  assert.is(bad.status, 1);
  assert.is(bad.stderr.trim(), "matmul: --runs must be a positive integer, got 'many'");
  const table = run('--shapes', '16x16x16', '--backends', 'reference,tiled', '--runs', '1', '--min-ms', '1');
  assert.is(table.status, 0, table.stderr);
  assert.match(table.stdout, /\| 16x16x16 +\| +[\d.]+ \| +[\d.]+ \|/);
});

test.run();

/** `node bench/epoch.js` as a user runs it: --help, clear errors, and a short tunegrad-only table. */
import { spawnSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { projectRoot } from '../util/skip.js';

const test = suite('bench/epoch.js');

const epochBench = (...args: string[]) => spawnSync(process.execPath, ['bench/epoch.js', ...args], { cwd: projectRoot, encoding: 'utf8' });

test('bench/epoch.js: --help, clear errors, and a short tunegrad-only table', () => {
  const help = epochBench('--help');
  assert.is(help.status, 0);
  for (const flag of ['--timesteps', '--backend', '--threads', '--epochs', '--keras', '--no-keras', '--python', '--tfjs', '--no-tfjs', '--tfjs-epochs', '--seed']) assert.ok(help.stdout.includes(flag), `help mentions ${flag}`);
  for (const [args, message] of [
    [[], /name the model: cnn or lstm/],
    [['cnn', '--epochs', 'two'], /--epochs must be a positive integer, got 'two'/],
    [['cnn', '--tfjs', 'gpu'], /--tfjs: cpu and\/or wasm, got 'gpu'/],
  ] as const) {
    const r = epochBench(...args);
    assert.is(r.status, 1, `${args.join(' ')} exits 1`);
    assert.match(r.stderr, message);
  }
  const run = epochBench('cnn', '--timesteps', '16', '--epochs', '2', '--backend', 'reference', '--no-keras', '--no-tfjs');
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, /paperCnn \(oracle cnn_a\), T=16, 40 features, 140 training \+ 20 validation clips, batch 32/);
  assert.match(run.stdout, /\| tunegrad \(reference\) +\| +\d+\.\d{3} \| \d+\.\d{3} \d+\.\d{3} +\| +\d+\.\d{3} \| +\d+ \|/);
  assert.match(run.stdout, /tfjs-layers skipped \(--no-tfjs\)/);
});

test.run();

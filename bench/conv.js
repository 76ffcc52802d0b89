#!/usr/bin/env node
/**
 * Convolution kernels of the SIMD backend on the paper CNN's three layers at full GTZAN length
 * (T = 1293, batch 32): milliseconds per forward (bias and relu) and backward call, and the
 * direct-equivalent GFLOP/s, for the direct kernels and Winograd F(4,5) on 1 and 2 threads.
 * Argument parsing and printing only; the timing lives in src/autograd/backend/conv-timing.ts.
 * Build first: npx tsc -p tsconfig.json
 */
import { loadavg } from 'node:os';
import { CommandLine, HELP_OPTION, convFlops, convGeometry, createSimdBackend, parseList, timeConv1d } from '../dist/index.js';

const HELP = `usage: node bench/conv.js [options]

Milliseconds per call and direct-equivalent GFLOP/s (2·B·Tout·K·Cin·Cout per product, so a
kernel with fewer multiplications shows a higher rate) of the SIMD backend's convolutions on the
paper CNN's layers at T = 1293, batch 32 (the first layer's backward computes no dx, as in
training): the direct kernels and Winograd F(4,5), on each thread count.

options:
  --threads LIST     thread counts (default 1,2)
  --repeats N        timed calls of each kernel, median reported (default 15)
  --help             this text

Compare with the plain gemm's rate on the same machine: node bench/matmul.js --backends simd.`;

const cli = new CommandLine('conv', HELP);
const { values } = cli.parse({ threads: { type: 'string', default: '1,2' }, repeats: { type: 'string', default: '15' }, ...HELP_OPTION });
const threadCounts = parseList(values.threads).map((t) => cli.positiveInt('threads', t));
const repeats = cli.positiveInt('repeats', values.repeats);

/** The paper CNN's layers at T = 1293: [Cin, Cout, T, whether the backward computes dx]. */
const LAYERS = [
  [40, 32, 1293, false],
  [32, 64, 647, true],
  [64, 64, 324, true],
];
const BATCH = 32;
const KERNEL = 5;

console.log(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const rows = [];
for (const threads of threadCounts) {
  for (const [kernels, winograd] of [['direct', null], ['F(4,5)', { m: 4, r: 5 }]]) {
    const backend = await createSimdBackend({ threads, winograd });
    let forward = 0;
    let backward = 0;
    for (const [channels, filters, length, dx] of LAYERS) {
      const g = { batch: BATCH, length, channels, kernel: KERNEL, filters, stride: 1, ...convGeometry(length, KERNEL, 1, 'same') };
      const t = timeConv1d(backend, g, { repeats, dx });
      forward += t.forwardMs;
      backward += t.backwardMs;
      const gflop = ((dx ? 3 : 2) * convFlops(g)) / 1e9;
      rows.push([`${channels} → ${filters}, T ${length}`, kernels, threads, t.forwardMs.toFixed(2), t.forwardGflops.toFixed(1), t.backwardMs.toFixed(2), t.backwardGflops.toFixed(1), gflop.toFixed(3)]);
    }
    rows.push(['all three', kernels, threads, forward.toFixed(2), '', backward.toFixed(2), '', '']);
    await backend.dispose();
  }
}
const header = ['layer', 'kernels', 'threads', 'forward ms', 'GFLOP/s', 'backward ms', 'GFLOP/s', 'direct GFLOP, fwd + bwd'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (cells) => `| ${cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w, i) => (i < 2 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
for (const r of rows) console.log(line(r));
console.log(`\nload average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

#!/usr/bin/env node
/**
 * Matmul throughput of every tunegrad backend beside TensorFlow.js (tfjs-cpu, tfjs-wasm), measured
 * in the same process: GFLOP/s = 2·M·K·N / seconds per call, the median of several timed runs.
 * Argument parsing and printing only; the kernels live in src/autograd/backend.
 * Build first: npx tsc -p tsconfig.json
 */
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import * as tunegrad from '../dist/index.js';

const HELP = `usage: node bench/matmul.js [options]

GFLOP/s of C = op(A)·op(B), float32, for every backend, beside tfjs-cpu and tfjs-wasm.

options:
  --shapes LIST      comma-separated MxKxN, with :ta / :tb for a transposed A / B
                     (default 128x128x128,512x512x512,1024x1024x1024,32x168x512,32x160x128,
                      168x32x512:ta,32x512x168:tb  — the last two are the LSTM gate product's backward)
  --backends LIST    any of reference,tiled,simd,gpujs,tfjs-cpu,tfjs-wasm (default all)
  --threads LIST     thread counts for the simd backend (default 1,2)
  --gpujs-modes LIST gpu.js modes to try (default gpu,webasm; one that cannot start is reported).
                     A GL mode also prints each call split into upload, compute and readback.
                     In Node the GL modes need headless-gl and an X display: xvfb-run -a node ...
  --runs N           timed runs per cell, median reported (default 5)
  --min-ms T         each run repeats the call until T ms have passed (default 50)
  --help             this text

The machine is shared: the load average is printed before and after; rerun when it is high.`;

const cli = new tunegrad.CommandLine('matmul', HELP);

function parseArgs(argv) {
  const { values } = cli.parse(
    {
      shapes: { type: 'string', default: '128x128x128,512x512x512,1024x1024x1024,32x168x512,32x160x128,168x32x512:ta,32x512x168:tb' },
      backends: { type: 'string', default: 'reference,tiled,simd,gpujs,tfjs-cpu,tfjs-wasm' },
      threads: { type: 'string', default: '1,2' },
      'gpujs-modes': { type: 'string', default: 'gpu,webasm' },
      runs: { type: 'string', default: '5' },
      'min-ms': { type: 'string', default: '50' },
      ...tunegrad.HELP_OPTION,
    },
    false,
    argv,
  );
  const opts = { shapes: values.shapes, backends: values.backends, threads: values.threads, gpujsModes: values['gpujs-modes'], runs: cli.positiveInt('runs', values.runs), minMs: cli.positiveInt('min-ms', values['min-ms']) };
  const shapes = opts.shapes.split(',').map((s) => {
    const [dims, flag = ''] = s.split(':');
    const [m, k, n] = dims.split('x').map(Number);
    if (![m, k, n].every((d) => Number.isInteger(d) && d > 0)) throw new Error(`bad shape '${s}' (expected MxKxN[:ta|:tb])`);
    return { label: s, m, k, n, transA: flag.includes('ta'), transB: flag.includes('tb') };
  });
  return { ...opts, shapes, backends: opts.backends.split(','), threads: opts.threads.split(',').map(Number), gpujsModes: opts.gpujsModes.split(',') };
}

/** Median seconds per call of `fn` over `runs` runs of at least `minMs` each, after one warm-up run. */
function timeCall(fn, runs, minMs) {
  const perCall = [];
  for (let r = 0; r <= runs; r++) {
    let calls = 0;
    const t0 = performance.now();
    let elapsed = 0;
    do {
      fn();
      calls++;
      elapsed = performance.now() - t0;
    } while (elapsed < minMs);
    if (r > 0) perCall.push(elapsed / 1000 / calls);
  }
  perCall.sort((a, b) => a - b);
  return perCall[Math.floor(perCall.length / 2)];
}

/** tfjs on one of its backends: { name, matmul(shape) → run function, dispose }. */
async function tfjsContender(tf, backend) {
  await tf.setBackend(backend);
  await tf.ready();
  return {
    name: `tfjs-${backend}`,
    async prepare(s, a, b) {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const ta = tf.tensor2d(a, s.transA ? [s.k, s.m] : [s.m, s.k]);
        const tb = tf.tensor2d(b, s.transB ? [s.n, s.k] : [s.k, s.n]);
        return [tf.keep(ta), tf.keep(tb)];
      });
    },
    async run(s, [ta, tb]) {
      await tf.setBackend(backend);
      return () => {
        const c = tf.matMul(ta, tb, s.transA, s.transB);
        c.dataSync();
        c.dispose();
      };
    },
    release([ta, tb]) {
      ta.dispose();
      tb.dispose();
    },
  };
}

function tunegradContender(backend) {
  return {
    name: backend.name,
    backend,
    prepare: async (s, a, b) => [a, b, new Float32Array(s.m * s.n)],
    run: async (s, [a, b, c]) => () => backend.matmul(a, b, c, s.m, s.k, s.n, s.transA, s.transB),
    release() {},
    dispose: () => backend.dispose?.(),
  };
}

/** 'ANGLE (headless-gl) ... software GL' and the like: what a gpu.js GL backend ran on. */
function glLabel(backend) {
  const renderer = backend.renderer();
  // xvfb-run points XAUTHORITY into its own temporary folder
  const xvfb = typeof process.env.XAUTHORITY === 'string' && process.env.XAUTHORITY.includes('xvfb-run');
  if (xvfb) return `${renderer} (headless-gl under Xvfb: Mesa's software rasteriser, software GL on the CPU)`;
  return `${renderer}${tunegrad.isSoftwareRenderer(renderer) ? ' (software GL on the CPU)' : ''}`;
}

/** One gpu.js call split into upload, compute and readback (ms per call), per shape. */
function printCallSplit(backend, opts) {
  const time = (fn) => timeCall(fn, opts.runs, opts.minMs);
  console.log(`\n${backend.name} on ${glLabel(backend)}: one call split, ms per call (upload = call − resident, readback = resident − compute)\n`);
  const header = ['shape (MxKxN)', 'call', 'upload', 'compute', 'readback', 'compute GFLOP/s', 'moving data'];
  const rows = opts.shapes.map((s) => {
    const a = Float32Array.from({ length: s.m * s.k }, (_, i) => Math.sin(i));
    const b = Float32Array.from({ length: s.k * s.n }, (_, i) => Math.cos(i));
    const p = tunegrad.profileGpujsMatmul(backend, a, b, s, time);
    if (!p) return [s.label, 'several kernel calls', '', '', '', '', ''];
    const ms = (t) => (t * 1000).toFixed(2);
    const moving = Math.max(0, p.call - p.compute);
    return [s.label, ms(p.call), ms(Math.max(0, p.call - p.resident)), ms(p.compute), ms(Math.max(0, p.resident - p.compute)), ((2 * s.m * s.k * s.n) / p.compute / 1e9).toFixed(2), `${Math.round((100 * moving) / p.call)}%`];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (typeof tunegrad.createBackend !== 'function') {
    throw new Error('dist/index.js does not export createBackend: export src/autograd/backend/index.ts from src/index.ts and rebuild (npx tsc -p tsconfig.json)');
  }
  const notes = [];
  const contenders = [];
  for (const name of opts.backends) {
    if (name === 'reference' || name === 'tiled') contenders.push(tunegradContender(await tunegrad.createBackend(name)));
    else if (name === 'simd') {
      for (const threads of opts.threads) {
        try {
          contenders.push(tunegradContender(await tunegrad.createBackend('simd', { threads })));
        } catch (err) {
          notes.push(`simd ×${threads}: ${err.message}`);
        }
      }
    } else if (name === 'gpujs') {
      for (const mode of opts.gpujsModes) {
        try {
          contenders.push(tunegradContender(await tunegrad.createBackend('gpujs', { gpujsMode: mode })));
        } catch (err) {
          notes.push(err.message);
        }
      }
    } else if (name === 'tfjs-cpu' || name === 'tfjs-wasm') {
      const tf = await import('@tensorflow/tfjs');
      // PROD mode: no debug checks, and no "install tfjs-node" banner in the table
      tf.env().set('PROD', true);
      if (name === 'tfjs-wasm') {
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        wasm.setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
      }
      contenders.push(await tfjsContender(tf, name.slice(5)));
      if (name === 'tfjs-wasm') notes.push(`tfjs-wasm: SIMD build, ${(await import('@tensorflow/tfjs-backend-wasm')).getThreadsCount()} thread(s) (tfjs disables its threaded build in Node)`);
    } else throw new Error(`unknown backend '${name}' (see --help)`);
  }

  const simd = contenders.find((c) => c.name === 'simd');
  console.log(`node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? 'unknown CPU'}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (simd) console.log(`simd micro-kernel ${simd.backend.shape.mr}×${simd.backend.shape.nr}, depth unroll ${simd.backend.shape.unroll}, ${simd.backend.shape.madd ? 'relaxed_madd' : 'f32x4.mul + f32x4.add'}`);
  console.log(`GFLOP/s, median of ${opts.runs} runs of >= ${opts.minMs} ms; float32; inputs resident, output read back every call\n`);

  const results = opts.shapes.map(() => new Map());
  for (const [row, s] of opts.shapes.entries()) {
    const a = Float32Array.from({ length: s.m * s.k }, (_, i) => Math.sin(i));
    const b = Float32Array.from({ length: s.k * s.n }, (_, i) => Math.cos(i));
    for (const contender of contenders) {
      const data = await contender.prepare(s, a, b);
      const fn = await contender.run(s, data);
      const seconds = timeCall(fn, opts.runs, opts.minMs);
      contender.release(data);
      results[row].set(contender.name, (2 * s.m * s.k * s.n) / seconds / 1e9);
    }
    process.stderr.write(`  ${s.label} done\n`);
  }

  const names = contenders.map((c) => c.name);
  const ratio = names.includes('simd') && names.includes('tfjs-wasm');
  const header = ['shape (MxKxN)', ...names, ...(ratio ? ['simd/tfjs-wasm'] : [])];
  const rows = opts.shapes.map((s, row) => [
    s.label,
    ...names.map((n) => results[row].get(n).toFixed(2)),
    ...(ratio ? [`${(results[row].get('simd') / results[row].get('tfjs-wasm')).toFixed(2)}×`] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  for (const contender of contenders.filter((c) => c.backend?.isGl)) printCallSplit(contender.backend, opts);
  for (const note of notes) console.log(`\nnote: ${note}`);
  console.log(`\nload average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const contender of contenders) await contender.dispose?.();
}

main().catch((err) => cli.fail(err.message));

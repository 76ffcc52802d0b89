/**
 * Child-process entry (run by headlessgl.ts under an X display): the kernel suite at training
 * sizes on gpu.js's headless-gl mode. usage: node --import tsx headlessgl-run.ts RESULTS.json
 * Writes { backend, renderer, results } to RESULTS.json; exits non-zero only when the backend
 * cannot start (a failing case is a result, not a crash).
 */
import { writeFileSync } from 'node:fs';
import { createGpujsBackend } from '../../../src/autograd/backend/index.js';
import { kernelCases, runCases } from './kernel-suite.js';
import type { SuiteRun } from './headlessgl.js';

const out = process.argv[2];
if (!out) throw new Error('usage: node --import tsx test/autograd/backend/headlessgl-run.ts RESULTS.json');
const backend = createGpujsBackend({ mode: 'headlessgl' });
const run: SuiteRun = { backend: backend.name, renderer: backend.renderer(), results: runCases(kernelCases(backend, { realistic: true })) };
await backend.dispose();
writeFileSync(out, JSON.stringify(run));

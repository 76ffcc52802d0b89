/** tunegrad's one public entry: everything `bench/` and users need. */
export * from './autograd/index.js';
export * from './autograd/backend/index.js';
export * from './dsp/index.js';
export * from './nn/index.js';
export * from './gtzan/index.js';
export * from './site/index.js';

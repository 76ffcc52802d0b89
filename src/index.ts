/** tunegrad's one public entry: everything `bench/` and users need. */
export * from './autograd/index.js';

/**
 * `node:worker_threads` for browser bundles (test/util/browser.ts aliases it here): the SIMD
 * backend imports Worker at the top but starts workers only for threads > 1, which a page does
 * not ask for.
 */
export class Worker {
  constructor() {
    throw new Error('node:worker_threads is not available in the browser: create the simd backend with threads: 1');
  }
}

#!/usr/bin/env node
// The browser app: build it into dist/web/ (esbuild) and serve it with node:http, cross-origin
// isolated. Argument parsing and printing only; the build and the server live in src/site.
import { CommandLine, HELP_OPTION, SITE_DIR, buildSite, serveStatic } from '../dist/index.js';

const HELP = `Usage: node bench/web.js [--port N] [--host H] [--no-build]

Build the browser app into ${SITE_DIR} and serve it: drop a song to see its genre, the genre over
time and its features, all computed in the page by tunegrad (its decoder, DSP and the shipped
classifier, in a Web Worker). dist/web/ is static: any web server can host it.

  --port N      port to listen on (default 8080; 0 picks a free one)
  --host H      address to listen on (default 127.0.0.1)
  --no-build    serve dist/web/ as it is
  -h, --help    this text

Examples:
  node bench/web.js
  node bench/web.js --port 0 --host 0.0.0.0`;

const cli = new CommandLine('web', HELP, 2);
const { values: opt } = cli.parse({ port: { type: 'string', default: '8080' }, host: { type: 'string', default: '127.0.0.1' }, 'no-build': { type: 'boolean', default: false }, ...HELP_OPTION });
const port = opt.port === '0' ? 0 : cli.positiveInt('port', opt.port);
if (!opt['no-build']) {
  const started = performance.now();
  try {
    await buildSite();
  } catch (err) {
    cli.fail(`cannot build the app: ${err.message.split('\n')[0]}`);
  }
  console.log(`built ${SITE_DIR} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
try {
  const { url } = await serveStatic(SITE_DIR, { port, host: opt.host });
  console.log(`tunegrad in the browser: ${url}  (Ctrl-C stops)`);
} catch (err) {
  cli.fail(`cannot listen on ${opt.host}:${port}: ${err.message}`);
}

/**
 * A static file server for the browser app (`node:http` only): files under `root`, `/` as
 * `index.html`, with the cross-origin-isolation headers (COOP same-origin, COEP require-corp) that
 * SharedArrayBuffer and WebAssembly threads need; anything outside `root` or absent is a 404.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** The headers every response carries. */
export const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'same-origin' };

/** Serve `root` on `host:port` (port 0: a free one); resolves once listening, with the URL. */
export async function serveStatic(root: string, { port = 0, host = '127.0.0.1' }: { port?: number; host?: string } = {}): Promise<{ server: Server; url: string }> {
  const base = resolve(root);
  const server = createServer((req, res) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400, ISOLATION_HEADERS).end('bad request');
      return;
    }
    const path = resolve(base, `.${pathname.endsWith('/') ? `${pathname}index.html` : pathname}`);
    if ((path !== base && !path.startsWith(base + sep)) || !existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404, { ...ISOLATION_HEADERS, 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { ...ISOLATION_HEADERS, 'Content-Type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
    res.end(readFileSync(path));
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, done);
  });
  const address = server.address() as AddressInfo;
  return { server, url: `http://${host}:${address.port}/` };
}

/** The app's static server: files with their types and the isolation headers, index.html for /, 404 outside the root. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { serveStatic } from '../../src/site/serve.js';

const test = suite('site serve');

test('serves files cross-origin isolated, / as index.html, nothing outside the root', async () => {
  const root = mkdtempSync(join(tmpdir(), 'tunegrad-serve-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><p>hi</p>');
  writeFileSync(join(root, 'app.js'), 'export {};');
  const { server, url } = await serveStatic(root);
  try {
    const page = await fetch(url);
    assert.is(page.status, 200);
    assert.is(await page.text(), '<!doctype html><p>hi</p>');
    assert.is(page.headers.get('cross-origin-opener-policy'), 'same-origin');
    assert.is(page.headers.get('cross-origin-embedder-policy'), 'require-corp');
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match((await fetch(`${url}app.js`)).headers.get('content-type') ?? '', /^text\/javascript/);
    assert.is((await fetch(`${url}missing.js`)).status, 404);
    assert.is((await fetch(`${url}..%2F..%2Fetc%2Fpasswd`)).status, 404, 'no way out of the root');
    assert.is((await fetch(`${url}%E0%A4%A`)).status, 400, 'a malformed path');
  } finally {
    server.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();

/**
 * The browser app in real headless Chromium: the built dist/web/ served as bench/web.js serves it;
 * a WAV the test synthesises is dropped on the page and the probabilities it shows equal
 * bench/predict.js's on the same file within 1e-5; a corrupt file shows a message naming it and
 * nothing else breaks. Screenshots go to test-output/site/build/.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildSite } from '../../src/site/build.js';
import { serveStatic } from '../../src/site/serve.js';
import { syntheticCorpus } from '../../src/gtzan/index.js';
import { browserUnavailableReason, chromiumFlags, chromiumPath, testOutputDir } from '../util/browser.js';
import { expectClose } from '../util/close.js';
import { projectRoot } from '../util/skip.js';
import { floatWav } from '../util/wav.js';

const test = suite('site build');

test('drop a WAV: the page shows predict.js probabilities; a corrupt file shows a message naming it', async () => {
  const why = browserUnavailableReason();
  if (why !== null) {
    console.log(`\n  skip: ${why}; the Chromium test of the browser app is skipped`);
    return;
  }
  const outputDir = testOutputDir('test/site/build.test.ts');
  const dir = mkdtempSync(join(tmpdir(), 'tunegrad-web-'));
  const site = await buildSite(join(outputDir, 'web'));
  const { server, url } = await serveStatic(site);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath()!, headless: true, args: chromiumFlags() });
  try {
    const song = floatWav(syntheticCorpus({ clipsPerClass: 1, seconds: 30 }).clips[4].samples);
    const songPath = join(dir, 'song.wav');
    writeFileSync(songPath, song);
    const predicted = spawnSync(process.execPath, ['bench/predict.js', '--json', songPath], { cwd: projectRoot, encoding: 'utf8' });
    assert.is(predicted.status, 0, predicted.stderr);
    const expected = JSON.parse(predicted.stdout).probabilities as Record<string, number>;

    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const log: string[] = [];
    page.on('pageerror', (err) => log.push(err.message));
    await page.goto(url);
    await page.waitForSelector('body[data-classifier="default.tgc"]', { timeout: 20000 });
    const drop = async (name: string, bytes: Uint8Array) =>
      page.evaluate(
        ({ name, data }) => {
          const transfer = new DataTransfer();
          transfer.items.add(new File([new Uint8Array(data)], name));
          document.getElementById('drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        },
        { name, data: Array.from(bytes) },
      );
    await drop('song.wav', song);
    await page.waitForSelector('article[data-file="song.wav"]', { timeout: 60000 });
    const shown = await page.$$eval('article[data-file="song.wav"] [data-probability]', (nodes) => Object.fromEntries(nodes.map((n) => [n.getAttribute('data-label'), Number(n.getAttribute('data-probability'))])));
    const labels = Object.keys(expected).sort();
    expectClose('page vs predict.js', labels.map((l) => shown[l]), labels.map((l) => expected[l]), { atol: 1e-5, rtol: 0 });
    const stages = await page.$$eval('article[data-file="song.wav"] [data-stage]', (nodes) => nodes.map((n) => `${n.getAttribute('data-stage')}: ${n.textContent}`));
    assert.ok(stages.length >= 3, stages.join('; '));
    console.log(`\n  page timings for a 30-s clip: ${stages.join('; ')}`);
    await page.screenshot({ path: join(outputDir, 'song.png'), fullPage: true });

    await drop('broken.wav', new TextEncoder().encode('RIFF\x20\x00\x00\x00WAVEfmt '));
    await page.waitForSelector('#messages .error', { timeout: 20000 });
    const error = await page.textContent('#messages .error');
    assert.match(error ?? '', /^broken\.wav: /);
    assert.is(await page.locator('article[data-file="song.wav"]').count(), 1, 'the earlier result stays');
    assert.equal(log, [], 'no uncaught error in the page');
    await page.screenshot({ path: join(outputDir, 'corrupt.png'), fullPage: true });
  } finally {
    await browser.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('train in the page on the SIMD and the gpu.js WebGL backends, curves drawn live, then classify with the model', async () => {
  const why = browserUnavailableReason();
  if (why !== null) {
    console.log(`\n  skip: ${why}; the Chromium training test of the browser app is skipped`);
    return;
  }
  const outputDir = testOutputDir('test/site/build.test.ts');
  const site = await buildSite(join(outputDir, 'web'));
  const { server, url } = await serveStatic(site);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath()!, headless: true, args: chromiumFlags() });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const log: string[] = [];
    page.on('pageerror', (err) => log.push(err.message));
    await page.goto(url);
    await page.waitForSelector('body[data-classifier="default.tgc"]', { timeout: 20000 });
    for (const [backend, name] of [['simd', 'simd'], ['gpujs', 'gpujs']] as const) {
      await page.selectOption('#train-backend', backend);
      await page.fill('#train-epochs', '3');
      await page.click('#train-button');
      await page.waitForSelector(`body[data-trained-on^="${name}"]`, { timeout: 120000 });
      const status = await page.textContent('#train-status');
      assert.match(status ?? '', new RegExp(`^epoch 3/3: loss \\d+\\.\\d{3}, .* trained on ${name}`), status ?? '');
      assert.match((await page.innerHTML('#curves')) ?? '', /<svg /, 'curves drawn');
      assert.match((await page.textContent('#classifier-status')) ?? '', /stats trained in the page/);
      await page.screenshot({ path: join(outputDir, `trained-${backend}.png`), fullPage: true });
    }
    assert.equal(log, [], 'no uncaught error in the page');
  } finally {
    await browser.close();
    server.close();
  }
});

test.run();

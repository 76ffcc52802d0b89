/** The progress bar: plain lines off a TTY, redraws on one, the progress callback, durations. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatDuration, progressCallback, ProgressBar } from '../../../src/gtzan/cli/progress.js';

const test = suite('gtzan/cli/progress');

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 100, write: (t: string) => writes.push(t) } };
}

test('plain lines when not a TTY: the first item, then one per tenth, with count, rate and final time', () => {
  const { writes, stream } = fakeStream(false);
  let clock = 0;
  const bar = new ProgressBar(200, { label: 'features', unit: 'clips', stream, now: () => clock });
  for (let i = 1; i <= 200; i++) {
    clock += 50;
    bar.tick();
  }
  bar.finish();
  assert.is(writes.length, 11);
  assert.ok(writes.every((w) => w.endsWith('\n') && !w.includes('\r')));
  assert.is(writes[0], 'features 1/200   0%  20.0 clips/s  ETA 0:10\n');
  assert.is(writes[1], 'features 20/200  10%  20.0 clips/s  ETA 0:09\n');
  assert.is(writes[10], 'features 200/200 100%  20.0 clips/s  in 0:10\n');
});

test('TTY: redraws in place, throttled, bar sized to the terminal, newline on finish', () => {
  const { writes, stream } = fakeStream(true);
  let clock = 0;
  const bar = new ProgressBar(10, { label: 'epoch 1', unit: 'batches', stream, now: () => clock, minIntervalMs: 100 });
  clock = 50;
  bar.update(1);
  clock = 60;
  bar.update(2);
  clock = 200;
  bar.update(5);
  bar.finish();
  bar.update(7);
  assert.is(writes.length, 3, 'the update 10 ms after a draw is skipped');
  assert.ok(writes.every((w) => w.startsWith('\r')));
  assert.ok(writes[1].includes('[###############...............] 5/10  50%'), writes[1]);
  assert.ok(writes[2].endsWith('\n'));
  assert.ok(writes.every((w) => w.replace(/\x1b\[K|\r|\n/g, '').length <= 100));
});

test('progressCallback: a bar per total, finished when done reaches it', () => {
  const { writes, stream } = fakeStream(false);
  const onProgress = progressCallback({ label: 'features', stream, now: () => 0 });
  for (let done = 1; done <= 3; done++) onProgress(done, 3);
  assert.equal(writes.map((w) => w.split(' ')[1]), ['1/3', '2/3', '3/3']);
  onProgress(1, 2);
  assert.is(writes[3].split(' ')[1], '1/2');
});

test('formatDuration', () => {
  assert.is(formatDuration(0), '0:00');
  assert.is(formatDuration(75.4), '1:15');
  assert.is(formatDuration(3725), '1:02:05');
  assert.is(formatDuration(Number.NaN), '--:--');
});

test.run();

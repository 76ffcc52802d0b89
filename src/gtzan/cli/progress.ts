/**
 * A small progress bar for long loops (feature extraction, training epochs): count, rate and ETA.
 *
 * On a TTY it redraws one line in place (`\r`), at most every `minIntervalMs`; elsewhere (logs,
 * CI, pipes) it prints a plain line at each tenth of the way, so logs stay short and readable.
 * `epochTicker` is the one-line epoch display of the long studies.
 */
import type { EpochLog } from '../../nn/index.js';

/** Where the bar writes: a stream with `write`, and `isTTY`/`columns` when it is a terminal. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** Text before the bar, e.g. `features`. */
  label?: string;
  /** Unit of the rate, e.g. `clips` (shown as `12.3 clips/s`). */
  unit?: string;
  /** Default: `process.stderr`. */
  stream?: ProgressStream;
  /** Minimum milliseconds between two redraws on a TTY (default 100). */
  minIntervalMs?: number;
  /** Clock in milliseconds (default `performance.now`); injectable for tests. */
  now?: () => number;
}

export class ProgressBar {
  readonly total: number;
  private done = 0;
  private readonly label: string;
  private readonly unit: string;
  private readonly stream: ProgressStream;
  private readonly minIntervalMs: number;
  private readonly now: () => number;
  private readonly started: number;
  private lastDraw = -Infinity;
  /** Tenths already printed in plain-line mode. */
  private lastTenth = -1;
  private finished = false;

  constructor(total: number, options: ProgressOptions = {}) {
    this.total = total;
    this.label = options.label ?? '';
    this.unit = options.unit ?? 'items';
    this.stream = options.stream ?? process.stderr;
    this.minIntervalMs = options.minIntervalMs ?? 100;
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
  }

  /** Advance by `n` items. */
  tick(n = 1): void {
    this.update(this.done + n);
  }

  /** Set the number of items done so far. */
  update(done: number): void {
    if (this.finished) return;
    this.done = Math.min(done, this.total);
    const t = this.now();
    if (this.stream.isTTY) {
      if (t - this.lastDraw >= this.minIntervalMs || this.done === this.total) {
        this.lastDraw = t;
        this.stream.write(`\r${this.render(t, this.stream.columns ?? 80)}\x1b[K`);
      }
    } else {
      const tenth = this.total > 0 ? Math.floor((10 * this.done) / this.total) : 10;
      if (tenth > this.lastTenth && this.done > 0) {
        this.lastTenth = tenth;
        this.stream.write(`${this.render(t, 0)}\n`);
      }
    }
  }

  /** Draw the final state and end the line; further updates are ignored. */
  finish(): void {
    if (this.finished) return;
    if (this.stream.isTTY) {
      this.stream.write(`\r${this.render(this.now(), this.stream.columns ?? 80)}\x1b[K\n`);
    } else if (this.lastTenth < 10 || this.done < this.total) {
      this.stream.write(`${this.render(this.now(), 0)}\n`);
    }
    this.finished = true;
  }

  /**
   * One line: `label [#####.....] done/total  pct  rate unit/s  ETA m:ss`. The bar is left out
   * when `columns` is 0 (plain-line mode) and sized to fit `columns` otherwise.
   */
  render(nowMs: number, columns: number): string {
    const elapsed = (nowMs - this.started) / 1000;
    const fraction = this.total > 0 ? this.done / this.total : 1;
    const rate = elapsed > 0 ? this.done / elapsed : 0;
    const remaining = rate > 0 ? (this.total - this.done) / rate : Number.NaN;
    const eta = this.done >= this.total ? `in ${formatDuration(elapsed)}` : `ETA ${formatDuration(remaining)}`;
    const stats = `${this.done}/${this.total} ${String(Math.floor(100 * fraction)).padStart(3)}%  ${formatRate(rate)} ${this.unit}/s  ${eta}`;
    const prefix = this.label ? `${this.label} ` : '';
    const barWidth = Math.min(30, columns - prefix.length - stats.length - 4);
    if (columns <= 0 || barWidth < 5) return `${prefix}${stats}`;
    const filled = Math.round(fraction * barWidth);
    return `${prefix}[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${stats}`;
  }
}

/** Seconds as `m:ss` (or `h:mm:ss`); `--:--` when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

function formatRate(rate: number): string {
  return rate >= 100 ? rate.toFixed(0) : rate >= 10 ? rate.toFixed(1) : rate.toFixed(2);
}

/**
 * An `onProgress(done, total)` callback that draws a `ProgressBar`, created on the first call
 * (when the total is known) and finished when `done` reaches `total`; for `loadDataset` and
 * `extractFeatures`.
 */
export function progressCallback(options: ProgressOptions = {}): (done: number, total: number) => void {
  let bar: ProgressBar | null = null;
  return (done, total) => {
    if (!bar || bar.total !== total) bar = new ProgressBar(total, options);
    bar.update(done);
    if (done >= total) bar.finish();
  };
}

/**
 * The epoch display of a study of many trainings: on a TTY, `run r/R epoch e  acc a%  s s` redrawn
 * in place after every epoch, and `end()` finishing the line; elsewhere nothing (the study prints
 * its own line per experiment).
 */
export function epochTicker(runs: number, stream: ProgressStream = process.stdout): { onEpoch: (run: number, log: EpochLog) => void; end: () => void } {
  return {
    onEpoch: (run, e) => {
      if (stream.isTTY) stream.write(`\r  run ${run + 1}/${runs} epoch ${e.epoch + 1}  acc ${(100 * e.accuracy).toFixed(1)}%  ${e.seconds.toFixed(2)} s   `);
    },
    end: () => {
      if (stream.isTTY) stream.write('\n');
    },
  };
}

/**
 * Training speed for benchmarks (`bench/epoch.js`): seeded random feature clips and the seconds
 * per epoch of `Sequential.fit` on them.
 *
 * The clips follow the Keras oracle's `make_synthetic` (shared/oracle/train_ref.py), so both sides
 * train on the same shapes: x [N, T, F] = N(0, 1) noise + a class centre [F] drawn from N(0, 0.5²),
 * labels i mod C shuffled. The oracle splits N = 200 into 140 train / 20 validation / 40 test and
 * its epoch time includes the validation pass; `timeEpochs` does the same with `validation`.
 */
import { Rng, Tensor } from '../autograd/index.js';
import type { Sequential } from './sequential.js';

export interface Clips {
  /** [N, T, F] float32. */
  x: Tensor;
  labels: number[];
}

/** `count` random clips of `steps` frames × `features`, in `classes` classes, seeded. */
export function syntheticClips(count: number, steps: number, features: number, options: { classes?: number; seed?: number } = {}): Clips {
  const { classes = 10, seed = 0 } = options;
  const rng = new Rng(seed);
  const labels = rng.shuffle(Array.from({ length: count }, (_, i) => i % classes));
  const centres = Array.from({ length: classes * features }, () => 0.5 * rng.normal());
  const data = new Float32Array(count * steps * features);
  for (let n = 0; n < count; n++) {
    const centre = labels[n] * features;
    for (let t = 0; t < steps; t++) {
      const row = (n * steps + t) * features;
      for (let f = 0; f < features; f++) data[row + f] = rng.normal() + centres[centre + f];
    }
  }
  return { x: new Tensor(data, [count, steps, features]), labels };
}

/** Clips [start, end) of `clips` (copied). */
export function sliceClips(clips: Clips, start: number, end: number): Clips {
  const [, steps, features] = clips.x.shape;
  const width = steps * features;
  return { x: new Tensor(clips.x.data.slice(start * width, end * width), [end - start, steps, features]), labels: clips.labels.slice(start, end) };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median: no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface EpochTimes {
  /** Seconds of the warm-up epochs (first-call compilation, the kernels' tier-up, buffer growth). */
  warmUp: number[];
  /** Seconds of each timed epoch, validation included. */
  timed: number[];
  /** Median of `timed`. */
  median: number;
}

export interface TimeEpochsOptions {
  epochs: number;
  /** Untimed epochs first (default 1, as the oracle's "median excluding the first"). */
  warmUp?: number;
  batchSize?: number;
  validation?: Clips;
  /** Called after every epoch with its index (warm-up ones included) and seconds. */
  onEpoch?: (epoch: number, seconds: number) => void;
}

/** Train `model` on `train` for warmUp + epochs epochs with `fit`, timing each (`EpochLog.seconds`). */
export function timeEpochs(model: Sequential, train: Clips, options: TimeEpochsOptions): EpochTimes {
  const { epochs, warmUp = 1, batchSize = 32, validation, onEpoch } = options;
  if (!(Number.isInteger(epochs) && epochs > 0)) throw new Error(`timeEpochs: epochs must be a positive integer, got ${epochs}`);
  const seconds: number[] = [];
  model.fit(train.x, train.labels, {
    epochs: model.epoch + warmUp + epochs,
    batchSize,
    validationData: validation ? [validation.x, validation.labels] : undefined,
    onEpochEnd: (log) => {
      onEpoch?.(seconds.length, log.seconds);
      seconds.push(log.seconds);
    },
  });
  const timed = seconds.slice(warmUp);
  return { warmUp: seconds.slice(0, warmUp), timed, median: median(timed) };
}

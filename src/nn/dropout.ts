/**
 * Dropout, `keras.layers.Dropout(rate)`: inverted dropout. In training, y = x ⊙ keep / (1 - rate)
 * with keep[i] = 1 when u[i] >= rate (u uniform in [0, 1), drawn from the run's `Rng` in
 * row-major order), else 0; at inference y = x. Shapes unchanged. No parameters.
 * `dropoutKeep` is also the mask sampler of the LSTM's input and recurrent dropout.
 */
import { allocate, formatShape, mask, type Data, type DType, type Rng, type Tensor } from '../autograd/index.js';
import { Layer, type CallOptions, type LayerConfig, type LayerOptions, type ShapeSpec } from './layer.js';

/** A 0/1 keep mask of `size` elements: each element kept with probability 1 - rate. */
export function dropoutKeep(rng: Rng, size: number, rate: number, dtype: DType): Data {
  const keep = allocate(dtype, size);
  for (let i = 0; i < size; i++) keep[i] = rng.next() >= rate ? 1 : 0;
  return keep;
}

/** Throws naming `owner` unless 0 <= rate < 1. */
export function checkRate(owner: string, key: string, rate: number): number {
  if (!(rate >= 0 && rate < 1)) throw new Error(`${owner}: ${key} must be in [0, 1), got ${rate}`);
  return rate;
}

export interface DropoutOptions extends LayerOptions {
  rate: number;
}

export interface DropoutCallOptions extends CallOptions {
  /** A fixed 0/1 keep mask of the input's size, used instead of drawing one (tests). */
  keep?: Data;
}

export class Dropout extends Layer<DropoutCallOptions> {
  readonly className = 'Dropout';
  readonly rate: number;

  constructor(options: DropoutOptions) {
    super('dropout', options);
    this.rate = checkRate('Dropout', 'rate', options.rate);
  }

  computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    return inputShape;
  }

  protected checkInput(inputShape: ShapeSpec): void {
    if (inputShape.length < 1) this.shapeError('of rank >= 1', inputShape);
  }

  protected call(x: Tensor, options: DropoutCallOptions): Tensor {
    if (!options.training || this.rate === 0) return x;
    let keep = options.keep;
    if (keep === undefined) {
      if (options.rng === undefined) throw new Error(`${this.label}: training with rate ${this.rate} needs an rng to draw the mask`);
      keep = dropoutKeep(options.rng, x.size, this.rate, x.dtype);
    } else if (keep.length !== x.size) {
      throw new Error(`${this.label}: keep mask has ${keep.length} elements, input ${formatShape(x.shape)} has ${x.size}`);
    }
    return mask(x, keep, 1 / (1 - this.rate));
  }

  getConfig(): LayerConfig {
    return this.configWith({ rate: this.rate });
  }
}

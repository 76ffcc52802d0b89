/**
 * Flatten, `keras.layers.Flatten()`: x [B, d1, ..., dn] → y [B, d1·…·dn] (row-major, so
 * [B, T, C] becomes [B, T·C] with the channels of frame 0 first). No parameters.
 */
import { reshape, type Tensor } from '../autograd/index.js';
import { Layer, type CallOptions, type LayerConfig, type LayerOptions, type ShapeSpec } from './layer.js';

export class Flatten extends Layer {
  readonly className = 'Flatten';

  constructor(options: LayerOptions = {}) {
    super('flatten', options);
  }

  computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    const rest = inputShape.slice(1);
    return [inputShape[0], rest.some((d) => d === null) ? null : rest.reduce<number>((n, d) => n * (d as number), 1)];
  }

  protected checkInput(inputShape: ShapeSpec): void {
    if (inputShape.length < 2) this.shapeError('of rank >= 2 (batch, ...)', inputShape);
    if (this.built) {
      const built = this.inputShape;
      const mismatch = inputShape.length !== built.length || inputShape.some((d, i) => i > 0 && built[i] !== null && d !== built[i]);
      if (mismatch) this.shapeError(`matching the built shape (batch, ${built.slice(1).map((d) => d ?? 'None').join(', ')})`, inputShape);
    }
  }

  protected call(x: Tensor, _options: CallOptions): Tensor {
    return reshape(x, [x.shape[0], -1]);
  }

  getConfig(): LayerConfig {
    return this.configWith();
  }
}

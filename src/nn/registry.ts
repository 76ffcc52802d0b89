/**
 * Layers by class name: rebuilds a layer from the `LayerConfig` it wrote (`layer.getConfig()`),
 * for loading saved models. Adding a layer class means adding it here.
 */
import { AttentionPooling1D } from './attention-pooling1d.js';
import { BatchNormalization } from './batchnorm.js';
import { Conv1D } from './conv1d.js';
import { Dense } from './dense.js';
import { Dropout } from './dropout.js';
import { Flatten } from './flatten.js';
import { GlobalAveragePooling1D } from './globalavgpool1d.js';
import type { Layer, LayerConfig } from './layer.js';
import { Regularizer, type RegularizerConfig } from './loss.js';
import { LSTM } from './lstm.js';
import { MaxPool1D } from './maxpool1d.js';
import { StatsPooling1D } from './stats-pooling1d.js';

type Options = Record<string, unknown>;

const regularizerKeys = ['kernelRegularizer', 'recurrentRegularizer', 'biasRegularizer'];

/** Options read from JSON are trusted to be the constructor's own (the constructors validate them). */
const fromOptions =
  <T>(ctor: new (options: T) => Layer) =>
  (options: Options): Layer =>
    new ctor(options as T);

const constructors: Record<string, (options: Options) => Layer> = {
  Dense: fromOptions(Dense),
  Conv1D: fromOptions(Conv1D),
  MaxPool1D: fromOptions(MaxPool1D),
  GlobalAveragePooling1D: fromOptions(GlobalAveragePooling1D),
  Flatten: fromOptions(Flatten),
  Dropout: fromOptions(Dropout),
  LSTM: fromOptions(LSTM),
  AttentionPooling1D: fromOptions(AttentionPooling1D),
  BatchNormalization: fromOptions(BatchNormalization),
  StatsPooling1D: fromOptions(StatsPooling1D),
};

/** A new, unbuilt layer with the class and options of `config`. */
export function layerFromConfig({ className, config }: LayerConfig): Layer {
  const make = constructors[className];
  if (make === undefined) throw new Error(`layerFromConfig: unknown layer class '${className}' (known: ${Object.keys(constructors).join(', ')})`);
  const options: Options = { ...config };
  for (const key of regularizerKeys) {
    const r = options[key] as RegularizerConfig | null | undefined;
    options[key] = r ? new Regularizer(r) : null;
  }
  return make(options);
}

/** MaxPool1D: gradients against central differences in float64 and tfjs-layers as the reference, 'valid' and 'same'. */
import { suite } from 'uvu';
import { MaxPool1D } from '../../src/nn/index.js';
import { layerGradChecks } from '../util/gradcheck.js';
import { tfjsComparison } from '../util/tfjs.js';

const test = suite('nn MaxPool1D');

const { input, checkLayer } = layerGradChecks(2024);

const tfjs = tfjsComparison(31337);

test('MaxPool1D: valid and same (odd length, so same pads), strides 1 and 2', () => {
  checkLayer('MaxPool1D valid 2', new MaxPool1D({ poolSize: 2 }), input([2, 6, 3]));
  checkLayer('MaxPool1D same 2, T=7', new MaxPool1D({ poolSize: 2, padding: 'same' }), input([2, 7, 3]));
  checkLayer('MaxPool1D valid 3 stride 1', new MaxPool1D({ poolSize: 3, strides: 1 }), input([1, 6, 2]));
  checkLayer('MaxPool1D same 3 stride 2', new MaxPool1D({ poolSize: 3, strides: 2, padding: 'same' }), input([1, 6, 2]));
});

test("equals tfjs-layers: 'valid' and 'same', odd length, strides 2 and 1", async () => {
  for (const padding of ['valid', 'same'] as const) {
    await tfjs.compareLayer(`MaxPool1D ${padding}`, new MaxPool1D({ poolSize: 2, padding }), (tf) => tf.layers.maxPooling1d({ poolSize: 2, padding }), [2, 9, 3]);
    await tfjs.compareLayer(`MaxPool1D ${padding}`, new MaxPool1D({ poolSize: 3, strides: 1, padding }), (tf) => tf.layers.maxPooling1d({ poolSize: 3, strides: 1, padding }), [2, 8, 2]);
  }
});

test.after(() => tfjs.report.print());

test.run();

/** Conv1D: gradients against central differences in float64 and tfjs-layers as the reference, 'valid' and 'same', strides 1 and 2. */
import { suite } from 'uvu';
import { Conv1D } from '../../src/nn/index.js';
import { layerGradChecks } from '../util/gradcheck.js';
import { tfjsComparison } from '../util/tfjs.js';

const test = suite('nn Conv1D');

const { input, checkLayer } = layerGradChecks(2024);

const tfjs = tfjsComparison(31337);

test('Conv1D: valid and same, stride 1 and 2, with and without relu', () => {
  for (const padding of ['valid', 'same'] as const) {
    for (const strides of [1, 2]) {
      checkLayer(`Conv1D ${padding} stride ${strides}`, new Conv1D({ filters: 3, kernelSize: 3, strides, padding }), input([2, 7, 2]));
    }
  }
  checkLayer('Conv1D tanh k4 same stride 2 (even kernel)', new Conv1D({ filters: 2, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh' }), input([2, 6, 3]));
});

test("equals tfjs-layers: 'valid' and 'same', stride 1 and 2, odd and even lengths", async () => {
  for (const padding of ['valid', 'same'] as const) {
    for (const strides of [1, 2]) {
      for (const length of [9, 10]) {
        await tfjs.compareLayer(
          `Conv1D ${padding}`,
          new Conv1D({ filters: 4, kernelSize: 3, strides, padding, activation: 'relu' }),
          (tf) => tf.layers.conv1d({ filters: 4, kernelSize: 3, strides, padding, activation: 'relu' }),
          [2, length, 3],
        );
      }
    }
  }
  await tfjs.compareLayer('Conv1D same', new Conv1D({ filters: 2, kernelSize: 4, strides: 2, padding: 'same' }), (tf) => tf.layers.conv1d({ filters: 2, kernelSize: 4, strides: 2, padding: 'same' }), [2, 11, 3]);
});

test.after(() => tfjs.report.print());

test.run();

/** GlobalAveragePooling1D: its gradient against central differences in float64, and tfjs-layers as the reference. */
import { suite } from 'uvu';
import { GlobalAveragePooling1D } from '../../src/nn/index.js';
import { layerGradChecks } from '../util/gradcheck.js';
import { tfjsComparison } from '../util/tfjs.js';

const test = suite('nn GlobalAveragePooling1D');

const { input, checkLayer } = layerGradChecks(2024);

const tfjs = tfjsComparison(31337);

test('gradient check in float64', () => {
  checkLayer('GlobalAveragePooling1D', new GlobalAveragePooling1D(), input([2, 5, 3]));
});

test('equals tfjs-layers', async () => {
  await tfjs.compareLayer('GlobalAveragePooling1D', new GlobalAveragePooling1D(), (tf) => tf.layers.globalAveragePooling1d({}), [3, 7, 4]);
});

test.after(() => tfjs.report.print());

test.run();

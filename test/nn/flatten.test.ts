/** Flatten: its gradient against central differences in float64. */
import { suite } from 'uvu';
import { Flatten } from '../../src/nn/index.js';
import { layerGradChecks } from '../util/gradcheck.js';

const test = suite('nn Flatten');

const { input, checkLayer } = layerGradChecks(2024);

test('gradient check in float64', () => {
  checkLayer('Flatten', new Flatten(), input([2, 3, 4]));
});

test.run();

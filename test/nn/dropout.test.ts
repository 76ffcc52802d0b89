/** Dropout: inverted scaling in training, identity at inference, and its gradient with a fixed mask. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, Tensor } from '../../src/autograd/index.js';
import { Dropout, dropoutKeep } from '../../src/nn/index.js';
import { expectClose } from '../util/close.js';
import { layerGradChecks } from '../util/gradcheck.js';

const test = suite('nn Dropout');

const rng = new Rng(11);

const { input, checkLayer } = layerGradChecks(2024);

test('Dropout: inverted scaling in training, identity at inference, about rate dropped', () => {
  const layer = new Dropout({ rate: 0.25 });
  const x = Tensor.full([40, 50], 2, 'float32');
  assert.is(layer.apply(x, { training: false }), x);
  const y = layer.apply(x, { training: true, rng: new Rng(4) });
  const kept = Array.from(y.data).filter((v) => v !== 0);
  kept.forEach((v) => expectClose('kept value', v, 2 / 0.75, { rtol: 1e-7 }));
  expectClose('fraction dropped', 1 - kept.length / y.size, 0.25, { atol: 0.03 });
  assert.throws(() => layer.apply(x, { training: true }), /Dropout 'dropout': training with rate 0.25 needs an rng/);
  assert.throws(() => new Dropout({ rate: 1 }), /rate must be in \[0, 1\), got 1/);
});

test('Dropout with a fixed mask in training mode, identity at inference', () => {
  const x = input([3, 4]);
  const keep = dropoutKeep(rng, x.size, 0.5, 'float64');
  const layer = new Dropout({ rate: 0.5 });
  checkLayer('Dropout training', layer, x, (t) => layer.apply(t, { training: true, keep }));
  checkLayer('Dropout inference', layer, x, (t) => layer.apply(t, { training: false }));
});

test.run();

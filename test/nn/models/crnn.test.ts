/** crnn: its parameter count, predictions for any sequence length and an exact file round trip. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, Tensor } from '../../../src/autograd/index.js';
import { Sequential, crnn, decodeModel, encodeModel } from '../../../src/nn/index.js';

const test = suite('nn crnn');

const rng = new Rng(77);

/** Parameter count at 40 features, predictions for any sequence length, an exact file round trip. */
function checkModel(model: Sequential, params: number): void {
  const x = new Tensor(Float32Array.from({ length: 2 * 19 * 40 }, () => rng.normal()), [2, 19, 40]);
  assert.is(model.countParams(), params, model.name);
  const p = model.predict(x);
  assert.equal(p.shape, [2, 10]);
  const loaded = decodeModel(encodeModel(model));
  assert.equal(loaded.getConfig(), model.getConfig());
  assert.equal(Array.from(loaded.predict(x).data), Array.from(p.data), `${model.name} predictions after a round trip`);
}

test('crnn: 50,410 parameters at 40 features, any sequence length, an exact file round trip', () => {
  checkModel(crnn(40, { seed: 1 }), 50410);
});

test.run();

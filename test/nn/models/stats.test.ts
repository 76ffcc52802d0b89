/** statsMlp: parameter counts (trainable and not), predictions for any length, file round trips that keep the moving statistics. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, Tensor } from '../../../src/autograd/index.js';
import { Sequential, decodeModel, encodeModel, statsMlp } from '../../../src/nn/index.js';

const test = suite('nn statsMlp');

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

test('statsMlp: 17,258 parameters at 40 features, any sequence length, an exact file round trip', () => {
  checkModel(statsMlp(40, { seed: 4 }), 17258);
});

test('statsMlp: 17,018 of its 17,258 parameters trainable; training moves the BatchNormalization statistics and a file round trip keeps them', () => {
  const model = statsMlp(40, { seed: 5 });
  const x = new Tensor(Float32Array.from({ length: 8 * 11 * 40 }, () => rng.normal()), [8, 11, 40]);
  assert.is(model.params.reduce((n, p) => n + p.value.size, 0), 17018);
  assert.equal(Array.from(model.nonTrainableParams[0].value.data), new Array(120).fill(0), 'moving mean starts at 0');
  model.fit(x, [0, 1, 2, 3, 4, 5, 6, 7], { epochs: 2, batchSize: 4 });
  const moving = model.nonTrainableParams.map((p) => Array.from(p.value.data));
  assert.is(moving.length, 2);
  assert.ok(moving[0].some((m) => m !== 0), 'moving mean updated by training');
  const loaded = decodeModel(encodeModel(model));
  assert.equal(loaded.nonTrainableParams.map((p) => Array.from(p.value.data)), moving);
  assert.equal(Array.from(loaded.predict(x).data), Array.from(model.predict(x).data));
});

test.run();

/** The losses and weight penalties: gradients against central differences in float64, and tfjs as the reference for the cross-entropies. */
import { suite } from 'uvu';
import { Rng, Tensor } from '../../src/autograd/index.js';
import { Regularizer, crossEntropyFromProbabilities, softmaxCrossEntropy } from '../../src/nn/index.js';
import { gradCheck, param64 } from '../util/gradcheck.js';
import * as assert from 'uvu/assert';
import { FORWARD, expectMatches, f32, loadTf, tfjsComparison } from '../util/tfjs.js';

const test = suite('nn loss');

const rng = new Rng(2024);
const input = (shape: number[], sample?: (r: Rng) => number) => param64(shape, rng, sample);
const awayFromZero = (r: Rng) => r.uniform(0.1, 1) * (r.next() < 0.5 ? -1 : 1);

const tfjs = tfjsComparison(31337);

test('losses: softmax cross-entropy from logits and from probabilities', () => {
  const labels = [2, 0, 3];
  gradCheck('softmaxCrossEntropy', (z) => softmaxCrossEntropy(z, labels), [input([3, 4], (r) => r.uniform(-3, 3))]);
  gradCheck('crossEntropyFromProbabilities', (p) => crossEntropyFromProbabilities(p, labels), [input([3, 4], (r) => r.uniform(0.05, 1))]);
});

test('L1, L2 and L1L2 penalties', () => {
  const w = () => input([3, 4], awayFromZero);
  gradCheck('L1', (t) => new Regularizer({ l1: 0.3 }).penalty(t), [w()]);
  gradCheck('L2', (t) => new Regularizer({ l2: 0.7 }).penalty(t), [w()]);
  gradCheck('L1L2', (t) => new Regularizer({ l1: 0.2, l2: 0.5 }).penalty(t), [w()]);
});

test('equal tfjs: softmax cross-entropy from logits and from (clipped) probabilities', async () => {
  const tf = await loadTf();
  const labels = [1, 0, 3, 2];
  const oneHotT = tf.oneHot(tf.tensor1d(labels, 'int32'), 4);
  const logits = tfjs.randomTensor([4, 4]);
  logits.data.forEach((_, i) => (logits.data[i] *= 6));
  const theirs = tf.losses.softmaxCrossEntropy(oneHotT, tf.tensor(f32(logits.data), [4, 4]));
  tfjs.report.add('softmaxCrossEntropy', 'forward', expectMatches('softmaxCrossEntropy', [softmaxCrossEntropy(logits, labels).item()], theirs.dataSync(), FORWARD));
  // Unnormalised rows, and a zero probability at a label: Keras and tfjs clip it to 1e-7.
  const probabilities = Tensor.from([0.2, 0.5, 0.2, 0.1, 0.0, 0.7, 0.3, 0.0, 0.3, 0.3, 0.3, 0.3, 1.0, 1.0, 2.0, 4.0], [4, 4]);
  const theirsP = tf.mean(tf.metrics.categoricalCrossentropy(oneHotT, tf.tensor(f32(probabilities.data), [4, 4])));
  const oursP = crossEntropyFromProbabilities(probabilities, labels).item();
  tfjs.report.add('crossEntropyFromProbabilities', 'forward', expectMatches('crossEntropyFromProbabilities', [oursP], theirsP.dataSync(), FORWARD));
  assert.ok(oursP > 16.1 / 4, 'the zero probability costs -ln(1e-7)/B');
});

test.after(() => tfjs.report.print());

test.run();

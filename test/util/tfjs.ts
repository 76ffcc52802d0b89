/**
 * TensorFlow.js as the reference implementation (dev dependency, pure-JS CPU backend, float32,
 * loaded through bench/lib/contenders.js, which bench/epoch.js shares): moving values in and out,
 * the comparison of one of our layers or models with its tfjs twin (forward, every gradient,
 * parameter counts), and the deviation report the tests print.
 */
import type * as TF from '@tensorflow/tfjs';
import { loadTfjs } from '../../bench/lib/contenders.js';
import { Rng, Tensor, backward, type Data } from '../../src/autograd/index.js';
import type { Layer, Sequential } from '../../src/nn/index.js';
import * as assert from 'uvu/assert';
import { compareClose, expectClose, type NumericArray, type Tolerance } from './close.js';

export type Tf = typeof import('@tensorflow/tfjs');

let loaded: Promise<Tf> | null = null;

/** tfjs on its CPU backend (PROD mode: no debug checks, no "install tfjs-node" notice). */
export function loadTf(): Promise<Tf> {
  loaded ??= loadTfjs('cpu').then(({ tf }) => tf);
  return loaded;
}

export function maxAbs(values: NumericArray): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

/** Largest |actual - expected| and that error relative to max |expected|. */
export function deviation(actual: NumericArray, expected: NumericArray): { abs: number; rel: number } {
  const report = compareClose(actual, expected, { atol: 0, rtol: 1 });
  const scale = maxAbs(expected);
  return { abs: report.maxAbsError, rel: scale === 0 ? report.maxAbsError : report.maxAbsError / scale };
}

/**
 * Tolerances of the tfjs comparisons (numpy semantics): forward rtol 1e-5 and gradients rtol 1e-4,
 * each with an atol of 1e-6 times the largest reference magnitude, which only matters for elements
 * near zero, where float32 sums that cancel lose their relative precision.
 */
export const FORWARD: Tolerance = { rtol: 1e-5 };
export const GRADIENT: Tolerance = { rtol: 1e-4 };

/** expectClose with the scaled atol above; returns the deviation for the report. */
export function expectMatches(label: string, actual: NumericArray, expected: NumericArray, tol: Tolerance): { abs: number; rel: number } {
  expectClose(label, actual, expected, { rtol: tol.rtol, atol: 1e-6 * Math.max(maxAbs(expected), 1e-30) });
  return deviation(actual, expected);
}

/** Collects the largest deviations per layer and prints one line each ("—" where none was measured). */
export class DeviationReport {
  private readonly rows = new Map<string, Record<'forward' | 'gradient', { abs: number; rel: number } | null>>();

  add(layer: string, kind: 'forward' | 'gradient', d: { abs: number; rel: number }): void {
    const row = this.rows.get(layer) ?? { forward: null, gradient: null };
    const old = row[kind];
    row[kind] = old === null ? d : { abs: Math.max(old.abs, d.abs), rel: Math.max(old.rel, d.rel) };
    this.rows.set(layer, row);
  }

  print(): void {
    const e = (d: { abs: number; rel: number } | null) => (d === null ? '—'.padEnd(17) : `${d.abs.toExponential(1)} (${d.rel.toExponential(1)})`);
    console.log('\n  largest deviation from tfjs: max |Δ| (and max |Δ| / max |tfjs|)');
    for (const [layer, r] of this.rows) console.log(`    ${layer.padEnd(36)} forward ${e(r.forward)}   gradients ${e(r.gradient)}`);
  }
}

/**
 * A float32 copy of values, for every tensor handed to tfjs: `tf.tensor(typedArray)` and
 * `setWeights` keep the caller's buffer, so without a copy tfjs would see our in-place updates.
 */
export function f32(values: Data | NumericArray): Float32Array {
  return Float32Array.from(values as ArrayLike<number>);
}

/** A [shape] float32 tensor of uniform values in [-1, 1) from `rng`. */
function randomTensor(rng: Rng, shape: number[], requiresGrad = false): Tensor {
  const t = Tensor.zeros(shape, 'float32', requiresGrad);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.uniform(-1, 1);
  return t;
}

/** Random ±[0.5, 1.5] weights r for the scalar L = Σ r ⊙ y. */
function seedFor(rng: Rng, size: number): Float32Array {
  return Float32Array.from({ length: size }, () => rng.uniform(0.5, 1.5) * (rng.next() < 0.5 ? -1 : 1));
}

/**
 * Build `ours` for x, copy its weights (biases randomised) into the tfjs layer, and compare the
 * output and the gradients of L = Σ r ⊙ y with respect to every weight and to x.
 */
async function compareLayer(report: DeviationReport, rng: Rng, label: string, ours: Layer, makeTheirs: (tf: Tf) => TF.layers.Layer, xShape: number[]): Promise<void> {
  const tf = await loadTf();
  const x = randomTensor(rng, xShape, true);
  ours.build([null, ...xShape.slice(1)], { dtype: 'float32', rng });
  for (const p of ours.params) if (p.name === 'bias') for (let i = 0; i < p.value.size; i++) p.value.data[i] = rng.uniform(-0.5, 0.5);

  const theirs = makeTheirs(tf);
  const xT = tf.tensor(f32(x.data), xShape);
  theirs.apply(xT);
  theirs.setWeights(ours.params.map((p) => tf.tensor(f32(p.value.data), [...p.value.shape])));
  assert.is(ours.countParams(), theirs.countParams(), `${label}: parameter count`);

  const y = ours.apply(x);
  const yT = theirs.apply(xT) as TF.Tensor;
  assert.equal([...y.shape], yT.shape, `${label}: output shape`);
  report.add(label, 'forward', expectMatches(`${label}: forward`, y.data, yT.dataSync(), FORWARD));

  const r = seedFor(rng, y.size);
  const rT = tf.tensor(f32(r), yT.shape);
  backward(y, r);
  const objective = (input: TF.Tensor) => tf.sum(tf.mul(theirs.apply(input) as TF.Tensor, rT)) as TF.Scalar;
  const vars = theirs.trainableWeights.map((w) => w.read() as TF.Variable);
  if (vars.length > 0) {
    const { grads } = tf.variableGrads(() => objective(xT), vars);
    ours.params.forEach((p, k) => {
      assert.ok(vars[k].name.endsWith(`/${p.name}`), `${label}: weight ${k} is ${p.name} in both (tfjs: ${vars[k].name})`);
      report.add(label, 'gradient', expectMatches(`${label}: d/d ${p.name}`, p.value.grad!, grads[vars[k].name].dataSync(), GRADIENT));
    });
  }
  const dX = tf.grad(objective)(xT);
  report.add(label, 'gradient', expectMatches(`${label}: d/dx`, x.grad!, dX.dataSync(), GRADIENT));
}

/** Our paper model vs the same Keras architecture in tfjs, with our weights: parameter count, predictions, loss with penalties, every gradient. */
async function compareModel(report: DeviationReport, rng: Rng, label: string, ours: Sequential, theirs: TF.Sequential, xShape: number[], extraPenalties: () => TF.Scalar[] = () => []): Promise<void> {
  const tf = await loadTf();
  const x = randomTensor(rng, xShape);
  const labels = Array.from({ length: xShape[0] }, () => rng.int(10));
  assert.is(ours.countParams(), theirs.countParams(), `${label}: parameter count`);
  theirs.setWeights(ours.weights.map((w) => tf.tensor(f32(w.data), [...w.shape])));
  const xT = tf.tensor(f32(x.data), xShape);

  const predicted = ours.predict(x);
  const predictedT = theirs.predict(xT) as TF.Tensor;
  report.add(label, 'forward', expectMatches(`${label}: predict (softmax probabilities)`, predicted.data, predictedT.dataSync(), FORWARD));

  const { loss } = ours.loss(x, labels, { training: false });
  backward(loss);
  const oneHotT = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
  const vars = theirs.trainableWeights.map((w) => w.read() as TF.Variable);
  const { value, grads } = tf.variableGrads(() => {
    const p = theirs.apply(xT, { training: false }) as TF.Tensor;
    const crossEntropy = tf.neg(tf.mean(tf.sum(tf.mul(oneHotT, tf.log(p)), -1)));
    return tf.addN([crossEntropy, ...theirs.calculateLosses(), ...extraPenalties()]) as TF.Scalar;
  }, vars);
  report.add(label, 'forward', expectMatches(`${label}: loss with penalties`, [loss.item()], value.dataSync(), FORWARD));
  ours.params.forEach((p, k) => {
    assert.ok(vars[k].name.endsWith(`/${p.name}`), `${label}: weight ${k} is ${p.name} in both (tfjs: ${vars[k].name})`);
    report.add(label, 'gradient', expectMatches(`${label}: d/d ${vars[k].name}`, p.value.grad!, grads[vars[k].name].dataSync(), GRADIENT));
  });
}

/**
 * The tfjs comparisons of one test file: its seeded Rng (inputs, biases, seeds), its deviation
 * report (print it in `test.after`), and `compareLayer` / `compareModel` bound to both.
 */
export function tfjsComparison(seed: number) {
  const rng = new Rng(seed);
  const report = new DeviationReport();
  return {
    rng,
    report,
    randomTensor: (shape: number[], requiresGrad = false) => randomTensor(rng, shape, requiresGrad),
    seedFor: (size: number) => seedFor(rng, size),
    compareLayer: (label: string, ours: Layer, makeTheirs: (tf: Tf) => TF.layers.Layer, xShape: number[]) => compareLayer(report, rng, label, ours, makeTheirs, xShape),
    compareModel: (label: string, ours: Sequential, theirs: TF.Sequential, xShape: number[], extraPenalties?: () => TF.Scalar[]) => compareModel(report, rng, label, ours, theirs, xShape, extraPenalties),
  };
}

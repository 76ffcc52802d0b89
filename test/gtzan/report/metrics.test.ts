/** Classification metrics: the confusion matrix, per-class scores, scikit-learn's report byte for byte, argmax and mean ± std. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { accuracy, accuracyFromConfusion, argmaxRows, classificationReport, confusionMatrix, formatClassificationReport, formatMeanStd, meanStd } from '../../../src/gtzan/report/metrics.js';
import { expectClose } from '../../util/close.js';

const test = suite('gtzan/report/metrics');

const yTrue = [0, 0, 0, 1, 1, 2, 2, 2, 2, 0];
const yPred = [0, 1, 0, 1, 2, 2, 2, 0, 2, 0];
const labels = ['blues', 'classical', 'hiphop'];

test('confusion matrix: rows are true labels; accuracy', () => {
  const cm = confusionMatrix(yTrue, yPred, 3);
  assert.equal(cm, [[3, 1, 0], [0, 1, 1], [1, 0, 3]]);
  assert.is(accuracy(yTrue, yPred), 0.7);
  assert.is(accuracyFromConfusion(cm), 0.7);
  assert.throws(() => confusionMatrix([0, 3], [0, 0], 3), /sample 1/);
  assert.throws(() => confusionMatrix([0], [0, 1], 3), /1 true labels but 2/);
});

test('per-class scores and averages', () => {
  const report = classificationReport(confusionMatrix(yTrue, yPred, 3), labels);
  expectClose('precision', report.perClass.map((c) => c.precision), [0.75, 0.5, 0.75], { atol: 1e-12 });
  expectClose('recall', report.perClass.map((c) => c.recall), [0.75, 0.5, 0.75], { atol: 1e-12 });
  assert.equal(report.perClass.map((c) => c.support), [4, 2, 4]);
  expectClose('macro f1', report.macro.f1, (0.75 + 0.5 + 0.75) / 3, { atol: 1e-12 });
  expectClose('weighted f1', report.weighted.f1, (4 * 0.75 + 2 * 0.5 + 4 * 0.75) / 10, { atol: 1e-12 });
  const empty = classificationReport([[2, 0], [1, 0]], ['a', 'b']);
  assert.equal([empty.perClass[1].precision, empty.perClass[1].recall, empty.perClass[1].f1], [0, 0, 0]);
  expectClose('unequal precision/recall f1', empty.perClass[0].f1, (2 * (2 / 3) * 1) / (2 / 3 + 1), { atol: 1e-12 });
});

test('text report is byte-identical to scikit-learn 1.9.1 classification_report (digits 2 and 4)', () => {
  const report = classificationReport(confusionMatrix(yTrue, yPred, 3), labels);
  // classification_report(yTrue, yPred, target_names=labels, digits=d, zero_division=0)
  const sklearn2 = '              precision    recall  f1-score   support\n\n       blues       0.75      0.75      0.75         4\n   classical       0.50      0.50      0.50         2\n      hiphop       0.75      0.75      0.75         4\n\n    accuracy                           0.70        10\n   macro avg       0.67      0.67      0.67        10\nweighted avg       0.70      0.70      0.70        10\n';
  const sklearn4 = '              precision    recall  f1-score   support\n\n       blues     0.7500    0.7500    0.7500         4\n   classical     0.5000    0.5000    0.5000         2\n      hiphop     0.7500    0.7500    0.7500         4\n\n    accuracy                         0.7000        10\n   macro avg     0.6667    0.6667    0.6667        10\nweighted avg     0.7000    0.7000    0.7000        10\n';
  assert.fixture(formatClassificationReport(report), sklearn2);
  assert.fixture(formatClassificationReport(report, 4), sklearn4);
});

test('argmaxRows picks the first maximum of each row', () => {
  assert.equal(Array.from(argmaxRows([0.1, 0.7, 0.2, 0.5, 0.5, 0, 0, 0, 1], 3)), [1, 0, 2]);
  assert.throws(() => argmaxRows([1, 2, 3, 4], 3), /rows of 3/);
});

test('meanStd: population std by default (numpy), sample std with ddof 1', () => {
  const runs = [0.5, 0.6, 0.55, 0.45];
  const m = meanStd(runs);
  expectClose('mean', m.mean, 0.525, { atol: 1e-12 });
  expectClose('std ddof 0', m.std, Math.sqrt((0.025 ** 2 + 0.075 ** 2 + 0.025 ** 2 + 0.075 ** 2) / 4), { atol: 1e-12 });
  expectClose('std ddof 1', meanStd(runs, 1).std, Math.sqrt((0.025 ** 2 + 0.075 ** 2 + 0.025 ** 2 + 0.075 ** 2) / 3), { atol: 1e-12 });
  assert.is(formatMeanStd(m, 2, 100), '52.50 ± 5.59');
  assert.ok(Number.isNaN(meanStd([]).mean));
});

test.run();

/** The paper's Fig. 1: heatmaps as embedded PNGs and line plots for the groups present. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { featuresFigure } from '../../../../src/gtzan/report/figures/features-figure.js';
import { type FrameFeatures } from '../../../../src/dsp/index.js';
import { assertWellFormed, texts } from '../../../util/svg.js';

const test = suite('gtzan/report/figures/features-figure');

test('features figure: heatmaps as embedded PNGs and line plots for the groups present', () => {
  const nFrames = 40;
  const groups: FrameFeatures['groups'] = [
    { group: 'mfcc', start: 0, width: 20 },
    { group: 'centroid', start: 20, width: 1 },
    { group: 'chroma', start: 21, width: 12 },
    { group: 'contrast', start: 33, width: 7 },
    { group: 'zcr', start: 40, width: 1 },
    { group: 'rms', start: 41, width: 1 },
  ];
  const nFeatures = 42;
  const data = Float32Array.from({ length: nFrames * nFeatures }, (_, i) => Math.sin(i * 0.37) * ((i % nFeatures) + 1));
  const features: FrameFeatures = { nFrames, nFeatures, names: Array.from({ length: nFeatures }, (_, k) => `f${k}`), groups, data };
  const svg = featuresFigure(features, { title: 'blues.00001' });
  assertWellFormed(svg);
  assert.is((svg.match(/<image [^>]*href="data:image\/png;base64,/g) ?? []).length, 3);
  assert.is((svg.match(/<polyline/g) ?? []).length, 3);
  for (const label of ['blues.00001', 'Spectral centroid', 'Chroma', 'Spectral contrast', 'Zero-crossing rate', 'RMS (standardised)', 'time (s)', 'C']) assert.ok(texts(svg).some((t) => t.startsWith(label)), label);

  const onlyMfcc = featuresFigure({ ...features, groups: groups.slice(0, 1) });
  assert.is((onlyMfcc.match(/<image /g) ?? []).length, 1);
  assert.is((onlyMfcc.match(/<polyline/g) ?? []).length, 0);
  assert.throws(() => featuresFigure({ ...features, groups: [{ group: 'amplitude', start: 0, width: 4 }] }), /none of/);
});

test.run();

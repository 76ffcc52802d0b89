/** The streamed features JSON: bounded chunks whose concatenation is the whole document. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFeatureJson, type FeatureMatrix } from '../../../src/gtzan/report/feature-json.js';

const test = suite('gtzan/report/feature-json');

function matrix(nFrames: number, width: number): FeatureMatrix {
  const data = new Float32Array(nFrames * width);
  for (let i = 0; i < data.length; i++) data[i] = Math.fround(Math.sin(i) * 10 ** ((i % 7) - 3));
  return { nFrames, width, data };
}

test('chunks stay near the chunk size, and together parse to the frame-major document', () => {
  const features = { stft_mag: matrix(300, 33), rms: matrix(300, 1) };
  const chunks: string[] = [];
  writeFeatureJson({ sr: 22050 }, features, (c) => chunks.push(c), 4096);
  assert.ok(chunks.length > 20, `${chunks.length} chunks`);
  const longestRow = 33 * 17 + 3;
  for (const c of chunks) assert.ok(c.length < 4096 + longestRow, `a chunk of ${c.length} characters`);
  const doc = JSON.parse(chunks.join(''));
  assert.equal(doc.meta, { sr: 22050 });
  assert.equal(Object.keys(doc.features), ['stft_mag', 'rms']);
  for (const [name, m] of Object.entries(features)) {
    const rows: number[][] = doc.features[name];
    assert.is(rows.length, m.nFrames);
    rows.forEach((row, t) => row.forEach((v, k) => assert.is(Math.fround(v), m.data[t * m.width + k], `${name}[${t}][${k}]`)));
  }
});

test('a document smaller than one chunk is written once', () => {
  const chunks: string[] = [];
  writeFeatureJson({}, { zcr: matrix(2, 1) }, (c) => chunks.push(c));
  assert.is(chunks.length, 1);
  assert.ok(chunks[0].endsWith('}}\n'));
});

test.run();

/**
 * The app's worker: holds the classifier, decodes audio with tunegrad's own decoder (WAV, AIFF,
 * .au), resamples, classifies (with the genre over time) and draws the paper's Fig. 1 of the song's
 * first 30 s with the report code, timing each stage, so the page never blocks.
 */
import { AudioDecodeError, decodeMonoPcm, TARGET_SAMPLE_RATE } from '../src/dsp/decode.js';
import { ALL_FEATURE_GROUPS, frameFeatures } from '../src/dsp/features.js';
import { resample } from '../src/dsp/resample.js';
import type { Classifier } from '../src/gtzan/classify/classifier.js';
import { decodeClassifier } from '../src/gtzan/classify/classifier-file.js';
import { featuresFigure } from '../src/gtzan/report/figures/features-figure.js';
import { createBackend, type ManagedBackend } from '../src/autograd/backend/index.js';
import { getBackend, setBackend } from '../src/autograd/index.js';
import { trainingCurves } from '../src/gtzan/report/figures/curves.js';
import { trainSyntheticClassifier } from '../src/gtzan/train/quick-train.js';
import type { EpochLog } from '../src/nn/index.js';
import type { FromWorker, ToWorker } from './protocol.js';

const scope = self as unknown as { postMessage(message: FromWorker): void; onmessage: ((event: MessageEvent<ToWorker>) => void) | null };
const post = (message: FromWorker) => scope.postMessage(message);
let classifier: Classifier | null = null;
let backend: ManagedBackend | null = null;

/** Train on the synthetic corpus on the chosen backend, drawing the curves after every epoch; the result becomes the page's classifier. */
async function train(message: Extract<ToWorker, { kind: 'train' }>): Promise<void> {
  const chosen = await createBackend(message.backend);
  await backend?.dispose();
  backend = chosen;
  setBackend(chosen);
  const history: EpochLog[] = [];
  const started = performance.now();
  let featuresDone = started;
  const result = trainSyntheticClassifier({
    model: message.model,
    epochs: message.epochs,
    onFeatures: (done, total) => {
      if (done === total) featuresDone = performance.now();
      if (done % 10 === 0 || done === total) post({ kind: 'progress', name: 'training', stage: 'features of the synthetic corpus', done, total });
    },
    onEpoch: (log) => {
      history.push(log);
      const curvesSvg = trainingCurves([{ name: `${message.model} on ${chosen.name}`, history }], { title: 'in-page training on the synthetic corpus' });
      post({ kind: 'epoch', epoch: log.epoch, epochs: message.epochs, loss: log.loss, accuracy: log.accuracy, valAccuracy: log.valAccuracy ?? null, seconds: log.seconds, curvesSvg });
    },
  });
  classifier = result.classifier;
  post({ kind: 'trained', backend: chosen.name, testAccuracy: result.testAccuracy, seconds: (performance.now() - started) / 1000, featureSeconds: (featuresDone - started) / 1000 });
  post({ kind: 'ready', name: `${message.model} trained in the page`, labels: classifier.labels, model: message.model, accuracy: result.testAccuracy });
}

/** Seconds of audio Fig. 1 shows. */
const FIGURE_SECONDS = 30;

function loadClassifierBytes(name: string, bytes: ArrayBuffer): void {
  try {
    classifier = decodeClassifier(new Uint8Array(bytes));
    const { provenance } = classifier.contents;
    post({ kind: 'ready', name, labels: classifier.labels, model: provenance.modelName, accuracy: provenance.testAccuracy });
  } catch (err) {
    post({ kind: 'error', name, message: `${name}: ${(err as Error).message}` });
  }
}

function envelope(y: Float32Array): Float32Array {
  const pairs = Math.min(2000, y.length);
  const out = new Float32Array(2 * pairs);
  for (let p = 0; p < pairs; p++) {
    let lo = 0;
    let hi = 0;
    for (let i = Math.floor((p * y.length) / pairs); i < Math.floor(((p + 1) * y.length) / pairs); i++) {
      lo = Math.min(lo, y[i]);
      hi = Math.max(hi, y[i]);
    }
    out[2 * p] = lo;
    out[2 * p + 1] = hi;
  }
  return out;
}

function classifySamples(name: string, samples: Float32Array, sampleRate: number, timings: { stage: string; ms: number }[]): void {
  if (classifier === null) throw new Error('no classifier loaded yet');
  let t = performance.now();
  const y = sampleRate === TARGET_SAMPLE_RATE ? samples : resample(samples, sampleRate, TARGET_SAMPLE_RATE);
  timings.push({ stage: sampleRate === TARGET_SAMPLE_RATE ? 'resample (none: 22050 Hz)' : `resample ${sampleRate} → 22050 Hz`, ms: performance.now() - t });
  t = performance.now();
  const classification = classifier.classify(y, TARGET_SAMPLE_RATE, {
    timeline: true,
    onProgress: (done, total) => post({ kind: 'progress', name, stage: 'classify', done, total }),
  });
  timings.push({ stage: `features + model (${classification.windows} window${classification.windows > 1 ? 's' : ''})`, ms: performance.now() - t });
  t = performance.now();
  const features = frameFeatures(y.subarray(0, FIGURE_SECONDS * TARGET_SAMPLE_RATE), { groups: [...ALL_FEATURE_GROUPS] });
  const featuresSvg = featuresFigure(features, { title: `${name}: features of the first ${Math.min(FIGURE_SECONDS, y.length / TARGET_SAMPLE_RATE).toFixed(0)} s` });
  timings.push({ stage: 'Fig. 1 (features and drawing)', ms: performance.now() - t });
  post({ kind: 'result', name, classification, labels: classifier.labels, featuresSvg, envelope: envelope(y), timings, backend: getBackend().name });
}

scope.onmessage = (event) => {
  const message = event.data;
  try {
    if (message.kind === 'classifier') return loadClassifierBytes(message.name, message.bytes);
    if (message.kind === 'train') {
      train(message).catch((err: Error) => post({ kind: 'error', name: 'training', message: `training on ${message.backend}: ${err.message}` }));
      return;
    }
    if (message.kind === 'samples') return classifySamples(message.name, message.samples, message.sampleRate, [{ stage: 'decode (browser decodeAudioData)', ms: message.decodeMs }]);
    const t = performance.now();
    let audio;
    try {
      audio = decodeMonoPcm(new Uint8Array(message.bytes), message.name);
    } catch (err) {
      if (err instanceof AudioDecodeError && /unrecognised format/.test(err.reason)) return post({ kind: 'needs-browser-decoder', name: message.name, bytes: message.bytes });
      throw err;
    }
    classifySamples(message.name, audio.samples, audio.sampleRate, [{ stage: `decode (tunegrad, ${audio.channels} channel${audio.channels > 1 ? 's' : ''}, ${audio.sampleRate} Hz)`, ms: performance.now() - t }]);
  } catch (err) {
    const text = (err as Error).message;
    const name = message.kind === 'train' ? 'training' : message.name;
    post({ kind: 'error', name, message: text.startsWith(name) ? text : `${name}: ${text}` });
  }
};

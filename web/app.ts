/**
 * The page: files dropped or picked go to the worker (worker.ts); results come back as the genre
 * probabilities, the waveform with the genre over time as a strip under it, the paper's Fig. 1 and
 * the time each stage took. A file tunegrad's decoder does not read is decoded by the browser
 * (`decodeAudioData`) and its samples sent back; a file nobody reads shows a message naming it.
 */
import { PALETTE } from '../src/gtzan/report/figures/svg.js';
import type { FromWorker, ToWorker } from './protocol.js';

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const send = (message: ToWorker, transfer: Transferable[] = []) => worker.postMessage(message, transfer);
const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const messages = element<HTMLElement>('messages');
const results = element<HTMLElement>('results');

function show(kind: 'error' | 'progress', text: string, key?: string): void {
  const existing = key === undefined ? null : messages.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
  const line = existing ?? messages.appendChild(document.createElement('p'));
  line.className = kind;
  if (key !== undefined) line.dataset.key = key;
  line.textContent = text;
}

function html(tag: string, attributes: Record<string, string> = {}, text = ''): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
  node.textContent = text;
  return node;
}

function drawWave(canvas: HTMLCanvasElement, envelope: Float32Array): void {
  const width = (canvas.width = canvas.clientWidth || 1000);
  const height = (canvas.height = 80);
  const context = canvas.getContext('2d');
  if (context === null) return;
  context.fillStyle = '#4e79a7';
  const pairs = envelope.length / 2;
  for (let p = 0; p < pairs; p++) {
    const x = (p / pairs) * width;
    const top = (1 - envelope[2 * p + 1]) * (height / 2);
    const bottom = (1 - envelope[2 * p]) * (height / 2);
    context.fillRect(x, top, Math.max(1, width / pairs), Math.max(1, bottom - top));
  }
}

function showResult(message: Extract<FromWorker, { kind: 'result' }>): void {
  messages.querySelector(`[data-key="${CSS.escape(message.name)}"]`)?.remove();
  const { classification, labels } = message;
  const song = html('article', { class: 'song', 'data-file': message.name });
  const top = classification.probabilities[0];
  song.append(html('h2', {}, `${message.name}: ${top.label} (${(100 * top.probability).toFixed(1)} %)`));
  const bars = html('div', { class: 'bars' });
  for (const { label, probability } of classification.probabilities) {
    const row = html('div', { class: 'bar', style: `width:${(100 * probability).toFixed(2)}%` });
    bars.append(html('span', { 'data-label': label, 'data-probability': String(probability) }, label), html('div', {}, ''), html('span', {}, `${(100 * probability).toFixed(1)} %`));
    (bars.lastChild!.previousSibling as HTMLElement).append(row);
  }
  song.append(bars);
  const canvas = html('canvas', { class: 'wave' }) as HTMLCanvasElement;
  song.append(html('h3', {}, 'the genre over time'), canvas);
  const strip = html('div', { class: 'strip' });
  const timeline = classification.timeline ?? [];
  const end = timeline.length > 0 ? timeline[timeline.length - 1].end : 1;
  timeline.forEach((entry, i) => {
    const next = timeline[i + 1]?.start ?? entry.end;
    const best = entry.probabilities.indexOf(Math.max(...entry.probabilities));
    strip.append(html('div', { style: `width:${((100 * (next - entry.start)) / end).toFixed(3)}%;background:${PALETTE[best % PALETTE.length]}`, title: `${entry.start.toFixed(1)}–${entry.end.toFixed(1)} s: ${labels[best]}` }));
  });
  const legend = html('p', { class: 'legend' });
  labels.forEach((label, k) => {
    const item = html('span', {}, label);
    item.prepend(html('i', { style: `background:${PALETTE[k % PALETTE.length]}` }));
    legend.append(item);
  });
  song.append(strip, legend);
  const timings = html('table', { class: 'timings' });
  for (const { stage, ms } of message.timings) {
    const row = html('tr');
    row.append(html('td', {}, stage), html('td', { 'data-stage': stage }, `${ms.toFixed(0)} ms`));
    timings.append(row);
  }
  song.append(html('h3', {}, `time per stage (backend: ${message.backend})`), timings);
  const figure = html('div', { class: 'figure' });
  figure.innerHTML = message.featuresSvg;
  song.append(html('h3', {}, 'features (the paper’s Fig. 1)'), figure);
  results.prepend(song);
  drawWave(canvas, message.envelope);
}

async function decodeInBrowser(name: string, bytes: ArrayBuffer): Promise<void> {
  const started = performance.now();
  try {
    const context = new OfflineAudioContext(1, 1, 44100);
    const buffer = await context.decodeAudioData(bytes);
    const mono = new Float32Array(buffer.length);
    for (let c = 0; c < buffer.numberOfChannels; c++) {
      const channel = buffer.getChannelData(c);
      for (let i = 0; i < mono.length; i++) mono[i] += channel[i] / buffer.numberOfChannels;
    }
    send({ kind: 'samples', name, samples: mono, sampleRate: buffer.sampleRate, decodeMs: performance.now() - started }, [mono.buffer]);
  } catch {
    show('error', `${name}: not audio this page can read (tunegrad reads WAV, AIFF and .au; this browser could not decode it either)`, name);
  }
}

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const message = event.data;
  if (message.kind === 'ready') {
    const accuracy = message.accuracy === null ? '' : `, ${(100 * message.accuracy).toFixed(1)} % held-out accuracy`;
    element('classifier-status').textContent = `classifier ${message.name}: ${message.model}${accuracy}; genres: ${message.labels.join(', ')}`;
    document.body.dataset.classifier = message.name;
  } else if (message.kind === 'progress') {
    if (message.name === 'training') element('train-status').textContent = `${message.stage}: ${message.done}/${message.total}`;
    else show('progress', `${message.name}: ${message.stage} ${message.done}/${message.total}`, message.name);
  }
  else if (message.kind === 'needs-browser-decoder') void decodeInBrowser(message.name, message.bytes);
  else if (message.kind === 'result') showResult(message);
  else if (message.kind === 'epoch') {
    element('curves').innerHTML = message.curvesSvg;
    const validation = message.valAccuracy === null ? '' : `, validation accuracy ${(100 * message.valAccuracy).toFixed(1)} %`;
    element('train-status').textContent = `epoch ${message.epoch + 1}/${message.epochs}: loss ${message.loss.toFixed(3)}, accuracy ${(100 * message.accuracy).toFixed(1)} %${validation}, ${(1000 * message.seconds).toFixed(0)} ms`;
  } else if (message.kind === 'trained') {
    element('train-status').textContent += ` — trained on ${message.backend} in ${message.seconds.toFixed(1)} s (features ${message.featureSeconds.toFixed(1)} s), test accuracy ${(100 * message.testAccuracy).toFixed(1)} %; drop audio to classify with it`;
    document.body.dataset.trainedOn = message.backend;
    element<HTMLButtonElement>('train-button').disabled = false;
  }
  else {
    show('error', message.message, message.name);
    if (message.name === 'training') element<HTMLButtonElement>('train-button').disabled = false;
  }
};

element<HTMLButtonElement>('train-button').addEventListener('click', () => {
  const epochs = Math.max(1, Math.min(200, Math.round(Number(element<HTMLInputElement>('train-epochs').value) || 20)));
  const backend = element<HTMLSelectElement>('train-backend').value as 'simd' | 'gpujs' | 'reference';
  element<HTMLButtonElement>('train-button').disabled = true;
  delete document.body.dataset.trainedOn;
  messages.querySelector('[data-key="training"]')?.remove();
  element('train-status').textContent = `training on ${backend}…`;
  send({ kind: 'train', backend, model: element<HTMLSelectElement>('train-model').value, epochs });
});

async function classifyFiles(files: Iterable<File>): Promise<void> {
  for (const file of files) {
    show('progress', `${file.name}: decoding…`, file.name);
    const bytes = await file.arrayBuffer();
    send({ kind: 'audio', name: file.name, bytes }, [bytes]);
  }
}

const drop = element<HTMLElement>('drop');
drop.addEventListener('dragover', (event) => {
  event.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('over');
  if (event.dataTransfer) void classifyFiles(event.dataTransfer.files);
});
element<HTMLInputElement>('audio-input').addEventListener('change', (event) => void classifyFiles((event.target as HTMLInputElement).files ?? []));
element<HTMLInputElement>('classifier-input').addEventListener('change', async (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file) send({ kind: 'classifier', name: file.name, bytes: await file.arrayBuffer() });
});

fetch(new URL('./default.tgc', import.meta.url))
  .then(async (response) => {
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const bytes = await response.arrayBuffer();
    send({ kind: 'classifier', name: 'default.tgc', bytes }, [bytes]);
  })
  .catch((err: Error) => show('error', `default.tgc: cannot load the default classifier (${err.message})`));

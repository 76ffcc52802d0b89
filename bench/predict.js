#!/usr/bin/env node
// Classify audio files by genre with a trained classifier (the shipped default, or a classifier.tgc
// that bench/train.js wrote). Argument parsing and printing only; the work lives in
// src/gtzan/classify (loadClassifier, classifyFile, audioFiles) and the SVG in report/figures.
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ClassifyError, CommandLine, DEFAULT_CLASSIFIER, HELP_OPTION, argmaxRows, audioFiles, genreTimeline, loadClassifier, writeFileAtomic } from '../dist/index.js';

const HELP = `Usage: node bench/predict.js [--model FILE] AUDIO_OR_DIR... [--top K] [--segments] [--json]

Tell the genre of each audio file: WAV (PCM, float, mu-law, A-law, RF64), AIFF / AIFF-C or Sun .au,
any sample rate and channel count, any length (audio longer than one and a half training clips is
classified in clip-long windows whose probabilities are averaged). Folders are walked recursively.

  --model FILE    classifier file (classifier.tgc from node bench/train.js);
                  default: the shipped model, ${DEFAULT_CLASSIFIER}
  --top K         genres to print per file (default 3)
  --segments      also print the genre over time, a line per segment (segment models) or per
                  window (whole-clip models), and write an SVG of the probabilities over time
  --out DIR       where --segments writes its SVGs (default: predictions/)
  --json          one JSON object per file on stdout (JSON Lines) instead of text
  -h, --help      this text

A file that cannot be read or classified is named on stderr with the reason; the others go on, and
the exit code is 1 if any failed (2 for a malformed command line).

Examples:
  node bench/predict.js song.wav
  node bench/predict.js ../shared/gtzan/genres --top 1
  node bench/predict.js --model runs/stats-seg-aug-2026/classifier.tgc --segments long-mix.wav
  node bench/predict.js --json music/ > genres.jsonl`;

const cli = new CommandLine('predict', HELP, 2);
const { values: opt, positionals } = cli.parse(
  {
    model: { type: 'string' },
    top: { type: 'string', default: '3' },
    segments: { type: 'boolean', default: false },
    out: { type: 'string', default: 'predictions' },
    json: { type: 'boolean', default: false },
    ...HELP_OPTION,
  },
  true,
);
if (positionals.length === 0) cli.usage('name at least one audio file or folder (see --help)');
const top = cli.positiveInt('top', opt.top);

let classifier;
try {
  classifier = loadClassifier(opt.model ?? DEFAULT_CLASSIFIER);
} catch (err) {
  cli.fail(err.message);
}
const { labels, provenance } = classifier.contents;
if (!opt.json) {
  const accuracy = provenance.testAccuracy === null ? '' : `, test accuracy ${(100 * provenance.testAccuracy).toFixed(1)}% (${provenance.split} split of ${provenance.data})`;
  console.log(`classifier ${classifier.path}: ${provenance.modelName}, ${labels.length} genres${accuracy}`);
}

const { files, problems } = audioFiles(positionals);
let failed = problems.length;
for (const line of problems) console.error(`predict: ${line}`);
const pct = (p) => `${(100 * p).toFixed(1)}%`.padStart(6);
const clock = (s) => `${Math.floor(s / 60)}:${(s % 60).toFixed(1).padStart(4, '0')}`;
const tty = process.stderr.isTTY === true;

for (const file of files) {
  const started = performance.now();
  let result;
  try {
    result = classifier.classifyFile(file, {
      timeline: opt.segments,
      onProgress: (done, total) => {
        if (total > 1 && tty) process.stderr.write(`\r  ${basename(file)}: window ${done}/${total}${done === total ? '\n' : ''}`);
      },
    });
  } catch (err) {
    if (!(err instanceof ClassifyError)) throw err;
    console.error(`predict: ${err.message}`);
    failed++;
    continue;
  }
  const seconds = (performance.now() - started) / 1000;
  let svg;
  if (opt.segments) {
    mkdirSync(opt.out, { recursive: true });
    svg = join(opt.out, `${basename(file)}.genres.svg`);
    writeFileAtomic(svg, genreTimeline(result.timeline, labels, `${basename(file)}: ${result.probabilities[0].label} (${pct(result.probabilities[0].probability).trim()})`));
  }
  if (opt.json) {
    const line = {
      file,
      duration: result.duration,
      seconds,
      windows: result.windows,
      top: result.probabilities.slice(0, top),
      probabilities: Object.fromEntries(labels.map((label, k) => [label, result.byLabel[k]])),
      ...(opt.segments ? { segments: result.timeline.map((e) => ({ start: e.start, end: e.end, label: labels[argmax(e.probabilities)], probabilities: e.probabilities })), svg } : {}),
    };
    console.log(JSON.stringify(line));
    continue;
  }
  const genres = result.probabilities.slice(0, top).map((p) => `${p.label} ${pct(p.probability).trim()}`).join(', ');
  console.log(`${file}  (${result.duration.toFixed(1)} s audio, ${seconds.toFixed(2)} s): ${genres}`);
  if (opt.segments) {
    for (const e of result.timeline) {
      const k = argmax(e.probabilities);
      console.log(`  ${clock(e.start)}–${clock(e.end)}  ${labels[k].padEnd(10)} ${pct(e.probabilities[k])}`);
    }
    console.log(`  wrote ${svg}`);
  }
}
if (!opt.json && files.length > 1) console.log(`${files.length - (failed - problems.length)} of ${files.length} files classified`);
process.exitCode = failed > 0 ? 1 : 0;

function argmax(probabilities) {
  return argmaxRows(probabilities, probabilities.length)[0];
}

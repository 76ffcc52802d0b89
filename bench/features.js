#!/usr/bin/env node
// Features command: every librosa-named feature of one audio file, computed by tunegrad's DSP.
//   node bench/features.js FILE [--json]
// --json prints {"meta": {...}, "features": {NAME: [[...], ...]}} frame-major (features[name][t][k] is
// librosa's [k, t]), the schema of ../shared/oracle/librosa_ref.py, so its compare.py reads it as is.
// Without --json, a short summary. A file that cannot be decoded: exit code 1, one line on stderr.
// Needs the built package: npx tsc -p tsconfig.json
import { AudioDecodeError, CommandLine, HELP_OPTION, allFeatures, readAudioFile, writeFeatureJson } from '../dist/index.js';

const USAGE = `usage: node bench/features.js FILE [--json]

Decode FILE (WAV, RF64, AIFF / AIFF-C or Sun .au; mixed to mono, resampled to 22050 Hz as
librosa.load does) and compute every feature with
librosa 0.11's defaults (n_fft 2048, hop 512, centred, zero padding, periodic Hann):
stft_mag, melspectrogram, melspectrogram_db, mfcc13, mfcc20, spectral_centroid, chroma_stft,
spectral_contrast, zero_crossing_rate, rms, amplitude_statistics, features40.

  --json    print one JSON object {"meta": {...}, "features": {name: [[...], ...]}}, frame-major,
            streamed in chunks (any length of audio)
  --help    show this help

Header defects the decoder read past (e.g. a RIFF size that disagrees with the file) are printed
on stderr as "features: FILE: warning: ...".

Exit codes: 0 ok, 1 the file could not be read or decoded, 2 bad arguments.`;

function main() {
  const cli = new CommandLine('features', USAGE, 2);
  const { values: opt, positionals } = cli.parse({ json: { type: 'boolean', default: false }, ...HELP_OPTION }, true);
  if (positionals.length !== 1) cli.usage(`expected one FILE and optionally --json (got ${JSON.stringify(process.argv.slice(2))}); see --help`);
  const file = positionals[0];
  let audio;
  try {
    audio = readAudioFile(file);
  } catch (err) {
    cli.fail(err instanceof AudioDecodeError ? err.message : `${file}: ${String(err?.message ?? err).split('\n')[0]}`);
  }
  for (const warning of audio.warnings) console.error(`features: ${file}: warning: ${warning}`);
  const { nFrames, tuning, features } = allFeatures(audio.samples, { sr: audio.sampleRate });
  const meta = {
    implementation: 'tunegrad src/dsp',
    sr: audio.sampleRate,
    n_fft: 2048,
    hop_length: 512,
    center: true,
    window: 'hann (periodic)',
    pad_mode: "constant (zeros) for STFT/rms; 'edge' for zero_crossing_rate",
    dtype: 'float32',
    n_samples: audio.samples.length,
    n_frames: nFrames,
    original_sample_rate: audio.originalSampleRate,
    channels: audio.channels,
    chroma_tuning_estimate: tuning,
    layout: 'frame-major: feature[t][k] == librosa_output[k, t]',
    features40_order: 'mfcc20(0..19), spectral_centroid(20), chroma(21..32), contrast(33..39)',
    source: { kind: 'file', path: file },
  };
  if (opt.json) {
    writeFeatureJson(meta, features, (chunk) => process.stdout.write(chunk));
  } else {
    console.log(`${file}: ${(audio.samples.length / audio.sampleRate).toFixed(2)} s, ${audio.channels} channel(s) at ${audio.originalSampleRate} Hz -> mono ${audio.sampleRate} Hz`);
    console.log(`${nFrames} frames, chroma tuning estimate ${tuning.toFixed(2)} bins`);
    for (const [name, m] of Object.entries(features)) {
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      for (const v of m.data) {
        min = Math.min(min, v);
        max = Math.max(max, v);
        sum += v;
      }
      console.log(`  ${name.padEnd(21)} [${m.nFrames}, ${m.width}]  mean ${fmt(sum / m.data.length)}  min ${fmt(min)}  max ${fmt(max)}`);
    }
  }
}

function fmt(v) {
  return v.toPrecision(5).padStart(11);
}

// A closed pipe (e.g. `| head`) ends the output quietly instead of with an EPIPE stack trace.
process.stdout.on('error', (err) => {
  if (err.code !== 'EPIPE') throw err;
});
main();

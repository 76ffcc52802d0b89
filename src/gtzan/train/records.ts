/**
 * The JSON files of an experiment folder read back for `--resume`, checked field by field:
 * `settings.json` (`ExperimentSettings`) and `run-<k>.json` (`RunRecord`). A file that is not JSON,
 * or a field that is missing, null or of the wrong type or range, is one line naming the file and
 * the field — never a stack trace, never a resumed run on settings that cannot be right.
 */
import { ALL_FEATURE_GROUPS } from '../../dsp/features.js';
import type { ExperimentSettings, RunRecord } from './experiment.js';
import { MODELS } from './models.js';

/** Why an experiment's JSON file cannot be resumed from; the message is `${file}: ${reason}`. */
export class RecordError extends Error {
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'RecordError';
  }
}

type Check = (value: unknown) => boolean;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const string: Check = (v) => typeof v === 'string' && v.length > 0;
const positiveInt: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const count: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const finite: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const fraction: Check = (v) => finite(v) && (v as number) >= 0 && (v as number) <= 1;

/** A reader of one object's fields that fails naming the file and the field. */
function fields(file: string, value: unknown, what: string) {
  if (!isRecord(value)) throw new RecordError(file, `${what} is ${JSON.stringify(value)}, not an object`);
  const need = (key: string, ok: Check, expected: string, optional = false): void => {
    if (optional && value[key] === undefined) return;
    if (!ok(value[key])) throw new RecordError(file, `${what === 'the file' ? '' : `${what}: `}"${key}" is ${JSON.stringify(value[key]) ?? 'missing'}, expected ${expected}`);
  };
  return { value, need };
}

function parse(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new RecordError(file, `not valid JSON (${(err as Error).message})`);
  }
}

/** `settings.json`'s text as checked `ExperimentSettings`. */
export function parseSettings(file: string, text: string): ExperimentSettings {
  const { value, need } = fields(file, parse(file, text), 'the file');
  need('model', (v) => typeof v === 'string' && Object.hasOwn(MODELS, v), `one of ${Object.keys(MODELS).join(', ')}`);
  need('data', string, 'a folder or "synthetic"');
  need('split', (v) => v === 'random' || v === 'blocks', '"random" or "blocks"');
  need('seed', (v) => count(v) && (v as number) < 2 ** 32, 'an integer in [0, 2^32)');
  need('runs', positiveInt, 'a positive integer');
  need('epochs', positiveInt, 'a positive integer');
  need('batchSize', positiveInt, 'a positive integer');
  need('groups', (v) => Array.isArray(v) && v.length > 0 && v.every((g) => (ALL_FEATURE_GROUPS as readonly string[]).includes(g)), `a list of feature groups (${ALL_FEATURE_GROUPS.join(', ')})`);
  need('backend', string, 'a backend name');
  for (const key of ['timesteps', 'segmentFrames', 'segmentHop']) need(key, positiveInt, 'a positive integer', true);
  for (const key of ['testData', 'splitDir', 'dataFingerprint']) need(key, string, 'a string', true);
  if (value.fractions !== undefined) {
    const f = fields(file, value.fractions, '"fractions"');
    for (const part of ['train', 'valid', 'test']) f.need(part, fraction, 'a number in [0, 1]');
  }
  if (value.synthetic !== undefined) {
    const s = fields(file, value.synthetic, '"synthetic"');
    s.need('seed', count, 'a non-negative integer', true);
    s.need('clipsPerClass', positiveInt, 'a positive integer', true);
    s.need('seconds', (v) => finite(v) && (v as number) > 0, 'a positive number', true);
    s.need('sampleRate', positiveInt, 'a positive integer', true);
  }
  return value as unknown as ExperimentSettings;
}

/** `run-<run>.json`'s text as a checked `RunRecord` of run `run` (whose seed is `seed`). */
export function parseRunRecord(file: string, text: string, run: number, seed: number): RunRecord {
  const { value, need } = fields(file, parse(file, text), 'the file');
  need('run', (v) => v === run, `${run} (this file's run)`);
  need('seed', (v) => v === seed, `${seed} (settings.json's seed + ${run})`);
  need('done', (v) => typeof v === 'boolean', 'true or false');
  need('history', Array.isArray, 'a list of epochs');
  (value.history as unknown[]).forEach((entry, e) => {
    const h = fields(file, entry, `history[${e}]`);
    h.need('epoch', (v) => v === e, `${e}`);
    for (const key of ['loss', 'accuracy', 'seconds']) h.need(key, finite, 'a number');
    for (const key of ['valLoss', 'valAccuracy']) h.need(key, finite, 'a number', true);
  });
  if (value.done === true) {
    need('testAccuracy', fraction, 'a number in [0, 1]');
    need('testLoss', finite, 'a number');
    need('validAccuracy', fraction, 'a number in [0, 1]', true);
    need('confusionMatrix', (v) => Array.isArray(v) && v.every((row) => Array.isArray(row) && row.every(count)), 'a matrix of counts');
  }
  return value as unknown as RunRecord;
}

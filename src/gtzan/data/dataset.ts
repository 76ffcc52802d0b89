/**
 * Finding labelled audio clips on disk, and checking them against a sha256 list.
 *
 * Layouts recognised under a data folder ROOT (the first that holds audio wins):
 * - `ROOT/genres/<genre>/*.{wav,au}`        (GTZAN as distributed by its authors, Sun `.au`)
 * - `ROOT/genres_original/<genre>/*.wav`    (the popular WAV redistribution)
 * - `ROOT/Data/genres_original/<genre>/*.wav` (the same, as unpacked from its archive)
 * - `ROOT/<label>/*.{wav,au}`               (any labelled folders: ROOT itself may be `genres/`)
 * - `ROOT/<label>.<number>.{wav,au}`        (flat GTZAN-style names, label before the first dot)
 *
 * Labels are sorted by code unit, which for GTZAN is its usual genre order (blues … rock). A label
 * folder the file system refuses to list is left out and named in `refused`; a file named like a
 * clip is a clip whatever it is (extraction skips a folder, FIFO or broken link with the reason).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { fileProblem, fsErrorReason } from './readable-file.js';

/** The ten GTZAN genres in their usual (alphabetical) order. */
export const GTZAN_GENRES: readonly string[] = ['blues', 'classical', 'country', 'disco', 'hiphop', 'jazz', 'metal', 'pop', 'reggae', 'rock'];

/** Audio file extensions the dataset scan picks up (compared case-insensitively). */
export const AUDIO_EXTENSIONS: readonly string[] = ['.wav', '.au'];

/** One labelled audio file. */
export interface Clip {
  /** Absolute path of the audio file. */
  path: string;
  label: string;
  /** Position of `label` in the dataset's `labels`. */
  labelIndex: number;
  /** File name without extension, e.g. `blues.00001`. */
  name: string;
  /** Clip number parsed from the name (`blues.00001` → 1), else the file's position within its label. */
  index: number;
}

export interface Dataset {
  /** Absolute path of the folder the label folders were found in. */
  root: string;
  labels: string[];
  /** Sorted by label, then clip index, then name. */
  clips: Clip[];
  /** Label folders that could not be listed, and why. */
  refused: { file: string; reason: string }[];
}

/** Data folder used when none is given: `$GTZAN_DIR`, else `./data/gtzan`. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.GTZAN_DIR && env.GTZAN_DIR.length > 0 ? env.GTZAN_DIR : join('data', 'gtzan'));
}

/**
 * Find the labelled clips under `folder` (layouts in the file header). Throws an error naming the
 * folder when it does not exist or holds no labelled audio.
 */
export function findClips(folder: string): Dataset {
  const root = resolve(folder);
  if (!isDirectory(root)) throw new Error(`data folder ${root} does not exist or is not a folder`);
  const candidates = [join(root, 'genres'), join(root, 'genres_original'), join(root, 'Data', 'genres_original'), root];
  for (const dir of candidates) {
    if (!isDirectory(dir)) continue;
    const refused: Dataset['refused'] = [];
    const found = scanLabelFolders(dir, refused);
    if (found.length > 0) return assemble(dir, found, refused);
  }
  const flat = scanFlatFolder(root);
  if (flat.length > 0) return assemble(root, flat, []);
  throw new Error(
    `no labelled audio clips found under ${root}: expected genres/<genre>/*.{wav,au}, ` +
      `genres_original/<genre>/*.wav, <label>/*.{wav,au} or files named <label>.<number>.{wav,au}`,
  );
}

interface FoundFile {
  path: string;
  label: string;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The entries of folder `dir`; the file system's refusal becomes an error naming the folder. */
function listFolder(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (err) {
    throw new Error(`cannot list the folder ${dir}: ${fsErrorReason(err)}`);
  }
}

function isAudioFile(name: string): boolean {
  return !name.startsWith('.') && AUDIO_EXTENSIONS.includes(extname(name).toLowerCase());
}

function scanLabelFolders(dir: string, refused: Dataset['refused']): FoundFile[] {
  const found: FoundFile[] = [];
  for (const name of listFolder(dir)) {
    if (name.startsWith('.')) continue;
    const labelDir = join(dir, name);
    if (!isDirectory(labelDir)) continue;
    let files: string[];
    try {
      files = listFolder(labelDir);
    } catch (err) {
      refused.push({ file: labelDir, reason: (err as Error).message });
      continue;
    }
    for (const file of files) {
      if (isAudioFile(file)) found.push({ path: join(labelDir, file), label: name });
    }
  }
  return found;
}

/** Files named `<label>.<digits>.<ext>` directly in `dir` (e.g. GTZAN's `blues.00000.au`). */
function scanFlatFolder(dir: string): FoundFile[] {
  const found: FoundFile[] = [];
  for (const file of listFolder(dir)) {
    if (!isAudioFile(file)) continue;
    const match = /^(.+)\.\d+$/.exec(basename(file, extname(file)));
    if (match) found.push({ path: join(dir, file), label: match[1] });
  }
  return found;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function assemble(root: string, found: FoundFile[], refused: Dataset['refused']): Dataset {
  const labels = [...new Set(found.map((f) => f.label))].sort(compareCodeUnits);
  const byLabel = new Map<string, string[]>(labels.map((l) => [l, []]));
  for (const f of found) byLabel.get(f.label)!.push(f.path);
  const clips: Clip[] = [];
  labels.forEach((label, labelIndex) => {
    const paths = byLabel.get(label)!.sort(compareCodeUnits);
    const perLabel = paths.map((path, position) => {
      const name = basename(path, extname(path));
      const number = /\.(\d+)$/.exec(name);
      return { path, label, labelIndex, name, index: number ? Number(number[1]) : position };
    });
    perLabel.sort((a, b) => a.index - b.index || compareCodeUnits(a.name, b.name));
    clips.push(...perLabel);
  });
  return { root, labels, clips, refused };
}

/** `<label>/<file name>` of a clip: the key used by sha256 lists and split lists. */
export function clipKey(clip: Pick<Clip, 'path' | 'label'>): string {
  return `${clip.label}/${basename(clip.path)}`;
}

export interface Sha256Mismatch {
  file: string;
  expected: string;
  actual: string;
  expectedSize?: number;
  actualSize: number;
}

export interface Sha256Report {
  /** Clips whose content hash equals the listed one. */
  ok: string[];
  /** Clips whose content differs from the list. */
  mismatched: Sha256Mismatch[];
  /** Entries of the list (`<label>/<file>`) with no clip found. */
  missing: string[];
  /** Clips (`<label>/<file>`) that the list does not mention. */
  unlisted: string[];
  /** Listed clips the file system refused to read, and why. */
  unreadable: { file: string; reason: string }[];
}

/**
 * Check clips against a sha256 list. Lines are `HASH  SIZE  LABEL/FILE` (like
 * `reference_sha256.txt`) or `HASH  LABEL/FILE` (like `sha256sum` output); entries are matched to
 * clips by `<label>/<file name>`. Throws naming the list when it cannot be read, holds a malformed
 * line or no entry at all; a clip that cannot be read is reported in `unreadable`.
 */
export function verifySha256(clips: readonly Pick<Clip, 'path' | 'label'>[], listPath: string): Sha256Report {
  const expected = readSha256List(listPath);
  const report: Sha256Report = { ok: [], mismatched: [], missing: [], unlisted: [], unreadable: [] };
  const seen = new Set<string>();
  for (const clip of clips) {
    const key = clipKey(clip);
    const entry = expected.get(key);
    if (!entry) {
      report.unlisted.push(key);
      continue;
    }
    seen.add(key);
    let content: Buffer;
    try {
      const problem = fileProblem(clip.path);
      if (problem !== null) throw new Error(problem);
      content = readFileSync(clip.path);
    } catch (err) {
      report.unreadable.push({ file: key, reason: (err as NodeJS.ErrnoException).code === undefined ? (err as Error).message : fsErrorReason(err) });
      continue;
    }
    const actual = createHash('sha256').update(content).digest('hex');
    if (actual === entry.sha256 && (entry.size === undefined || entry.size === content.length)) report.ok.push(key);
    else report.mismatched.push({ file: key, expected: entry.sha256, actual, expectedSize: entry.size, actualSize: content.length });
  }
  for (const key of expected.keys()) if (!seen.has(key)) report.missing.push(key);
  return report;
}

interface Sha256Entry {
  sha256: string;
  size?: number;
}

function readSha256List(listPath: string): Map<string, Sha256Entry> {
  const entries = new Map<string, Sha256Entry>();
  const problem = fileProblem(listPath);
  if (problem !== null) throw new Error(`sha256 list ${listPath}: ${problem}`);
  let text: string;
  try {
    text = readFileSync(listPath, 'utf8');
  } catch (err) {
    throw new Error(`sha256 list ${listPath}: cannot read: ${fsErrorReason(err)}`);
  }
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed.length === 0 || trimmed.startsWith('#')) return;
    const fields = trimmed.split(/\s+/);
    const sha256 = fields[0].toLowerCase();
    const withSize = fields.length === 3 && /^\d+$/.test(fields[1]);
    if (!/^[0-9a-f]{64}$/.test(sha256) || !(fields.length === 2 || withSize)) {
      throw new Error(`${listPath}:${i + 1}: expected "SHA256  [SIZE]  LABEL/FILE", got "${trimmed}"`);
    }
    const file = fields[fields.length - 1].replace(/^\*/, '');
    const parts = file.split('/');
    const key = parts.slice(-2).join('/');
    entries.set(key, { sha256, size: withSize ? Number(fields[1]) : undefined });
  });
  if (entries.size === 0) throw new Error(`sha256 list ${listPath} holds no entries ("SHA256  [SIZE]  LABEL/FILE" per line)`);
  return entries;
}

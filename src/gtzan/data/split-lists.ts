/**
 * Splits given as files: the `train*.txt` / `valid*.txt` / `test*.txt` lists of a split folder
 * (lines like `blues/blues.00029.wav`, matched to clips by `<label>/<file>`, extension ignored),
 * such as the fault-filtered split of full GTZAN. Each part keeps the input order of the clips.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { SPLIT_PARTS, type Split, type SplitPart } from './splits.js';

/** The list files found in a split folder, one per part (`valid` may be absent). */
export interface SplitListFiles {
  train: string;
  valid?: string;
  test: string;
}

const LIST_PATTERNS: Record<SplitPart, RegExp> = { train: /^train.*\.txt$/i, valid: /^valid.*\.txt$/i, test: /^test.*\.txt$/i };

/** Locate `train*.txt`, `valid*.txt` and `test*.txt` in `dir`; an error names the folder and what is missing or ambiguous. */
export function findSplitLists(dir: string): SplitListFiles {
  const folder = resolve(dir);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`split folder ${folder} does not exist or is not a folder`);
  const names = readdirSync(folder).sort();
  const found: Partial<Record<SplitPart, string>> = {};
  for (const part of SPLIT_PARTS) {
    const matches = names.filter((n) => LIST_PATTERNS[part].test(n));
    if (matches.length > 1) throw new Error(`split folder ${folder} has several ${part} lists: ${matches.join(', ')}`);
    if (matches.length === 1) found[part] = join(folder, matches[0]);
  }
  if (!found.train || !found.test) {
    throw new Error(`split folder ${folder} needs train*.txt and test*.txt (valid*.txt optional); found: ${names.join(', ') || 'nothing'}`);
  }
  return { train: found.train, valid: found.valid, test: found.test };
}

/** A list entry that names no clip that was found. */
export interface MissingListEntry {
  part: SplitPart;
  /** The line as written in the list. */
  entry: string;
  /** The list file. */
  list: string;
}

export interface ListSplit<T> extends Split<T> {
  /** Listed files with no matching clip (e.g. the list is for full GTZAN, the folder a subset). */
  missing: MissingListEntry[];
  /** Clips found on disk that no list names; they take part in no split. */
  unlisted: T[];
}

/**
 * Key of a list line or a clip: `<label>/<file name without extension>`, so a list of `.wav`
 * names also matches `.au` files of the same clip.
 */
function entryKey(label: string, file: string): string {
  return `${label}/${basename(file, extname(file))}`;
}

/**
 * Split clips by the lists in `dir` (see `findSplitLists`). Entries match clips by
 * `<label>/<file>` (the last two path components of a line, extension ignored). A clip listed in
 * two parts is an error naming both lists.
 */
export function splitFromLists<T extends { label: string; path: string }>(clips: readonly T[], dir: string): ListSplit<T> {
  const lists = findSplitLists(dir);
  const byKey = new Map<string, T>(clips.map((c) => [entryKey(c.label, c.path), c]));
  const assigned = new Map<string, { part: SplitPart; list: string }>();
  const result: ListSplit<T> = { train: [], valid: [], test: [], missing: [], unlisted: [] };
  for (const part of SPLIT_PARTS) {
    const list = lists[part];
    if (!list) continue;
    for (const line of readFileSync(list, 'utf8').split(/\r?\n/)) {
      const entry = line.trim();
      if (entry.length === 0 || entry.startsWith('#')) continue;
      const parts = entry.replace(/\\/g, '/').split('/');
      if (parts.length < 2) throw new Error(`${list}: entry "${entry}" is not of the form <label>/<file>`);
      const key = entryKey(parts[parts.length - 2], parts[parts.length - 1]);
      const previous = assigned.get(key);
      if (previous) {
        if (previous.part === part) continue;
        throw new Error(`${key} is listed in both ${previous.list} and ${list}`);
      }
      assigned.set(key, { part, list });
      const clip = byKey.get(key);
      if (clip) result[part].push(clip);
      else result.missing.push({ part, entry, list });
    }
  }
  const order = new Map<T, number>(clips.map((c, i) => [c, i]));
  for (const part of SPLIT_PARTS) result[part].sort((a, b) => order.get(a)! - order.get(b)!);
  result.unlisted = clips.filter((c) => !assigned.has(entryKey(c.label, c.path)));
  return result;
}

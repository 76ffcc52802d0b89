/**
 * The audio files named on a command line: files as given, folders walked recursively (sorted, hidden
 * entries skipped) for the extensions tunegrad decodes; a path that does not exist is a problem
 * to report, not an end.
 */
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

/** Extensions a folder walk picks up (the decoder reads the format from the bytes, not the name). */
export const CLASSIFIABLE_EXTENSIONS: readonly string[] = ['.wav', '.wave', '.au', '.snd', '.aif', '.aiff', '.aifc'];

export interface AudioFileList {
  files: string[];
  /** One line per path that could not be listed: `<path>: <why>`. */
  problems: string[];
}

/** Expand `paths` (see the file header). */
export function audioFiles(paths: readonly string[]): AudioFileList {
  const files: string[] = [];
  const problems: string[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (err) {
      problems.push(`${dir}: cannot list the folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      return;
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      let isDir = false;
      try {
        isDir = statSync(path).isDirectory();
      } catch {
        // A dangling link inside a folder is read (and reported) like any file the walk picked.
      }
      if (isDir) walk(path);
      else if (CLASSIFIABLE_EXTENSIONS.includes(extname(name).toLowerCase())) files.push(path);
    }
  };
  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch (err) {
      problems.push(`${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : `cannot read (${(err as Error).message})`}`);
      continue;
    }
    if (isDir) {
      const before = files.length;
      walk(path);
      if (files.length === before) problems.push(`${path}: no audio files (${CLASSIFIABLE_EXTENSIONS.join(', ')}) in this folder`);
    } else {
      files.push(path);
    }
  }
  return { files, problems };
}

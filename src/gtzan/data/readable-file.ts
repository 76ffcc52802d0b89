/**
 * Why the file system refuses a path as an audio clip, in words: a folder named like a clip, a
 * FIFO or device (reading one would block or never end), a dangling symbolic link, a link loop, a
 * permission error. The dataset scan, feature extraction and the sha256 check ask here before
 * reading a clip, so such a path is skipped with its reason instead of ending the batch.
 */
import { lstatSync, statSync } from 'node:fs';

/** An errno-style error as a short phrase without the path: `permission denied (EACCES)`. */
export function fsErrorReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const known: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOENT: 'no such file',
    ELOOP: 'symbolic link loop',
    EISDIR: 'is a folder',
    ENOTDIR: 'a part of the path is not a folder',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EIO: 'input/output error',
    ENAMETOOLONG: 'name too long',
  };
  if (e.code !== undefined) return `${known[e.code] ?? e.message.split(',')[0]} (${e.code})`;
  return String(e.message ?? err).split('\n')[0];
}

/**
 * Null when `path` is a regular file (after following links) that can be opened, else why not:
 * `is a folder, not a file`, `is a FIFO (named pipe), not a regular file`, `dangling
 * symbolic link`, `symbolic link loop (ELOOP)`, `cannot read: permission denied (EACCES)`, ...
 * Permissions are tried when the file is opened; this checks what stat can tell.
 */
export function fileProblem(path: string): string | null {
  let stats;
  try {
    stats = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && isSymbolicLink(path)) return 'dangling symbolic link (its target does not exist)';
    return `cannot read: ${fsErrorReason(err)}`;
  }
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return 'is a folder, not a file';
  if (stats.isFIFO()) return 'is a FIFO (named pipe), not a regular file';
  if (stats.isSocket()) return 'is a socket, not a regular file';
  return 'is a device, not a regular file';
}

function isSymbolicLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

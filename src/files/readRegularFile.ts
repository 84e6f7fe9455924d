// Node: reading a file we were pointed at, refusing what is not a plain file (a directory,
// /dev/zero, a FIFO that would block) and anything over a size cap, before reading a byte.
import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { formatBytes } from '../formats/limits';

/** What a path is, in words, for a message saying it is not what was expected; `otherwise` for the rest. */
export function fileKind(stats: Stats, otherwise: string): string {
  if (stats.isFile()) return 'a file';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isFIFO()) return 'a pipe';
  if (stats.isSocket()) return 'a socket';
  return otherwise;
}

/** Why `path` cannot be read as a file of at most maxBytes, or null when it can. */
export function regularFileProblem(path: string, what: string, maxBytes: number): string | null {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return `${what} not found: ${path}`;
    return `cannot read ${what} ${path} (${code ?? (e as Error).message})`;
  }
  if (!stats.isFile()) return `${what} ${path} is ${fileKind(stats, 'not a regular file')}, not a file`;
  if (stats.size > maxBytes) return `${what} ${path} is ${formatBytes(stats.size)}; the limit is ${formatBytes(maxBytes)}`;
  return null;
}

/** Reads a regular file of at most maxBytes; errors are one line starting with `what`. */
export function readRegularFile(path: string, what: string, maxBytes: number): Uint8Array {
  const problem = regularFileProblem(path, what, maxBytes);
  if (problem) throw new Error(problem);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new Error(`cannot read ${what} ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    // The size may be wrong (it grows, or /proc says 0): read until EOF, never past the cap.
    let buffer = new Uint8Array(Math.min(fstatSync(fd).size, maxBytes) + 1);
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) {
        if (filled > maxBytes) break;
        const bigger = new Uint8Array(Math.min(buffer.length * 2, maxBytes + 1));
        bigger.set(buffer);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, filled, buffer.length - filled, null);
      if (n === 0) break;
      filled += n;
    }
    if (filled > maxBytes) throw new Error(`${what} ${path} is larger than the limit of ${formatBytes(maxBytes)}`);
    return buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

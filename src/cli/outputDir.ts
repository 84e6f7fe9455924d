// The CLI's output folder: checked (and made) before any work, so a bad --out costs nothing and
// exits 2 with one line; files are written under temporary names and renamed into place only
// when every one of them was written, so a failure leaves nothing partial behind.
import { accessSync, constants, lstatSync, mkdirSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './args';
import { fileKind } from '../files/readRegularFile';

export interface OutputDir {
  /** Absolute path of the folder. */
  dir: string;
  /** Folders this run created, deepest last: removed again if the run fails. */
  created: string[];
}

function code(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

/** Only ever asked of a path that is not a folder. */
const kindOf = (stats: Stats): string => fileKind(stats, 'not a folder');

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (e) {
    const c = code(e);
    if (c === 'ENOENT') return null;
    // ENOTDIR: a path component is a file.
    throw new UsageError(c === 'ENOTDIR' ? `--out ${path}: a part of this path is a file, not a folder` : `--out ${path}: cannot use it (${c})`);
  }
}

/**
 * Checks --out and creates it (one level at a time: Node's recursive mkdir loops on /proc).
 * The folder must take a file: a probe is written and removed, which catches read-only and
 * pseudo file systems that pass access checks as root.
 */
export function prepareOutputDir(out: string, flag = '--out'): OutputDir {
  if (out.trim() === '') throw new UsageError(`${flag} is empty: name an output folder`);
  const dir = resolve(out);
  const missing: string[] = [];
  let existing = dir;
  let stats = statOrNull(existing);
  while (!stats) {
    missing.unshift(existing);
    const parent = dirname(existing);
    if (parent === existing) throw new UsageError(`${flag} ${out}: no part of this path exists`);
    existing = parent;
    stats = statOrNull(existing);
  }
  if (!stats.isDirectory()) {
    throw new UsageError(existing === dir ? `${flag} ${out} is ${kindOf(stats)}, not a folder` : `${flag} ${out}: ${existing} is ${kindOf(stats)}, not a folder`);
  }
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch (e) {
    throw new UsageError(`${flag} ${out}: ${existing} is not writable (${code(e)})`);
  }
  const created: string[] = [];
  for (const folder of missing) {
    try {
      mkdirSync(folder);
      created.push(folder);
    } catch (e) {
      removeCreated({ dir, created });
      throw new UsageError(`${flag} ${out}: cannot create ${folder} (${code(e)})`);
    }
  }
  const probe = join(dir, `.segcam-probe-${process.pid}`);
  try {
    writeFileSync(probe, '', { flag: 'wx' });
    unlinkSync(probe);
  } catch (e) {
    removeCreated({ dir, created });
    throw new UsageError(`${flag} ${out}: cannot write files there (${code(e)})`);
  }
  return { dir, created };
}

/** Removes the folders prepareOutputDir made, if still empty (a failed run leaves no trace). */
export function removeCreated(output: OutputDir): void {
  for (const folder of [...output.created].reverse()) {
    try {
      rmdirSync(folder);
    } catch {
      return; // not empty: someone else's files are there now
    }
  }
}

export interface OutputFile {
  name: string;
  bytes: Uint8Array | string;
}

/**
 * Writes every file to a temporary name, then renames them all into place. An existing target
 * that is not a plain file (a folder, a device, a pipe) is refused before anything is written.
 */
export function writeFilesAtomically(dir: string, files: readonly OutputFile[]): void {
  for (const f of files) {
    const target = join(dir, f.name);
    let stats: Stats | null = null;
    try {
      stats = lstatSync(target);
    } catch {
      // absent: fine
    }
    if (stats && !stats.isFile()) throw new UsageError(`cannot write ${target}: it exists and is ${stats.isDirectory() ? 'a folder' : kindOf(stats)}`);
  }
  const temps: string[] = [];
  try {
    for (const f of files) {
      const temp = join(dir, `.${f.name}.${process.pid}.tmp`);
      writeFileSync(temp, f.bytes, { flag: 'wx' });
      temps.push(temp);
    }
  } catch (e) {
    for (const t of temps) unlinkQuietly(t);
    // A write that failed after its file was opened (disk full) leaves that temp behind.
    if (code(e) !== 'EEXIST') unlinkQuietly(join(dir, `.${files[temps.length].name}.${process.pid}.tmp`));
    throw new UsageError(`cannot write ${join(dir, files[temps.length].name)} (${code(e)}); nothing was written`);
  }
  files.forEach((f, i) => {
    try {
      renameSync(temps[i], join(dir, f.name));
    } catch (e) {
      for (const t of temps.slice(i)) unlinkQuietly(t);
      throw new UsageError(`cannot write ${join(dir, f.name)} (${code(e)})`);
    }
  });
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

// `?backend=webgl|wasm|cpu` in the page URL forces a tfjs backend; `?threads=N` asks wasm for N threads.
import { BACKEND_NAMES, type BackendName } from './protocol';

export interface BackendParam {
  backend: BackendName | null;
  /** Set when the parameter is present but names no backend. */
  error: string | null;
}

export function parseBackendParam(search: string): BackendParam {
  const value = new URLSearchParams(search).get('backend');
  if (value === null || value === '') return { backend: null, error: null };
  const name = value.toLowerCase();
  if ((BACKEND_NAMES as readonly string[]).includes(name)) return { backend: name as BackendName, error: null };
  return { backend: null, error: `Unknown backend "${value}" in the URL; use webgl, wasm or cpu.` };
}

export interface ThreadsParam {
  /** null: the default (wasmThreadsFor). */
  threads: number | null;
  error: string | null;
}

/** Threads asked for wasm; 1 to 8 (tfjs starts a pool of 8 helper workers, and uses at most half the logical cores). */
export function parseThreadsParam(search: string): ThreadsParam {
  const value = new URLSearchParams(search).get('threads');
  if (value === null || value === '') return { threads: null, error: null };
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1 && n <= 8) return { threads: n, error: null };
  return { threads: null, error: `Unknown thread count "${value}" in the URL; use a whole number from 1 to 8.` };
}

/**
 * The threads to ask wasm for, or undefined for tfjs's own choice (half the logical cores, at
 * most 4, and more than one only in a cross-origin isolated page). Below 4 logical cores that is
 * one thread, and tfjs's threaded binary would then only add a pool of 8 idle helper workers to
 * the start (measured on 2 cores: 0.1–0.6 s later first heatmap, clicks no faster); so ask for
 * one thread, which starts the single-threaded binary.
 */
export function wasmThreadsFor(asked: number | null, logicalCores: number): number | undefined {
  if (asked !== null) return asked;
  return logicalCores >= 4 ? undefined : 1;
}

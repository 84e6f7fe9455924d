// `?backend=webgl|wasm|cpu` in the page URL forces a tfjs backend.
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

import { describe, expect, it } from 'vitest';
import { parseBackendParam } from './backendParam';

describe('parseBackendParam', () => {
  it('reads a known backend, case-insensitively', () => {
    expect(parseBackendParam('?backend=wasm')).toEqual({ backend: 'wasm', error: null });
    expect(parseBackendParam('?x=1&backend=CPU')).toEqual({ backend: 'cpu', error: null });
  });
  it('no parameter means the default choice', () => {
    expect(parseBackendParam('')).toEqual({ backend: null, error: null });
  });
  it('an unknown name is an error, not a silent default', () => {
    const result = parseBackendParam('?backend=webgpu');
    expect(result.backend).toBeNull();
    expect(result.error).toMatch(/webgpu/);
  });
});

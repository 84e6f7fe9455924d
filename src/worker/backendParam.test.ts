import { describe, expect, it } from 'vitest';
import { parseBackendParam, parseThreadsParam, wasmThreadsFor } from './backendParam';

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

describe('parseThreadsParam', () => {
  it('reads a whole number of threads from 1 to 8', () => {
    expect(parseThreadsParam('?backend=wasm&threads=2')).toEqual({ threads: 2, error: null });
    expect(parseThreadsParam('')).toEqual({ threads: null, error: null });
  });
  it('anything else is an error and leaves the default', () => {
    for (const bad of ['0', '9', '1.5', 'many']) {
      const result = parseThreadsParam(`?threads=${bad}`);
      expect(result.threads).toBeNull();
      expect(result.error).toContain(bad);
    }
  });
});

describe('wasmThreadsFor', () => {
  it('one thread below 4 logical cores (tfjs would use one, after starting its helper pool)', () => {
    expect(wasmThreadsFor(null, 2)).toBe(1);
    expect(wasmThreadsFor(null, 3)).toBe(1);
  });
  it("tfjs's own choice from 4 cores up, and what the URL asks for in any case", () => {
    expect(wasmThreadsFor(null, 4)).toBeUndefined();
    expect(wasmThreadsFor(2, 2)).toBe(2);
    expect(wasmThreadsFor(1, 16)).toBe(1);
  });
});

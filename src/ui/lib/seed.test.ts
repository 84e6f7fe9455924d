import { describe, expect, it } from 'vitest';
import { parseSeed } from './seed';

describe('parseSeed', () => {
  it('accepts whole numbers ≥ 0, with surrounding spaces', () => {
    expect(parseSeed('0')).toBe(0);
    expect(parseSeed(' 42 ')).toBe(42);
  });

  it('rejects everything else', () => {
    for (const bad of ['', '-1', '1.5', '1e3', 'abc', '12a', '99999999999999999999']) expect(parseSeed(bad)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { decodeMaskRle, encodeMaskRle } from './rle';

function randomMask(n: number, density: number, seed: number): Uint8Array {
  let s = seed >>> 0;
  const m = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    m[i] = s / 2 ** 32 < density ? 1 : 0;
  }
  return m;
}

describe('mask run-length code', () => {
  it('round-trips random masks of many densities and lengths', () => {
    for (const [n, density, seed] of [
      [1, 0.5, 1], [7, 0.5, 2], [128 * 256, 0.01, 3], [128 * 256, 0.5, 4], [1000, 0.99, 5],
    ] as const) {
      const m = randomMask(n, density, seed);
      const code = encodeMaskRle(m);
      expect(code).toMatch(/^[0-9a-z.]*$/);
      expect(Buffer.from(decodeMaskRle(code, n)).equals(Buffer.from(m))).toBe(true);
    }
  });

  it('encodes edge cases compactly', () => {
    expect(encodeMaskRle(new Uint8Array(0))).toBe('');
    expect(encodeMaskRle(new Uint8Array(100))).toBe((100).toString(36));
    expect(encodeMaskRle(new Uint8Array(100).fill(1))).toBe('0.' + (100).toString(36));
    expect(encodeMaskRle([0, 0, 1, 1, 1, 0])).toBe('2.3.1');
    expect(encodeMaskRle([5, 0])).toBe('0.1.1'); // any non-zero is in M
    expect(decodeMaskRle('', 0).length).toBe(0);
    expect(Array.from(decodeMaskRle('0.2', 2))).toEqual([1, 1]);
  });

  it('a painted blob is far shorter than the pixel count', () => {
    const m = new Uint8Array(128 * 256);
    for (let r = 40; r < 80; r++) m.fill(1, r * 256 + 100, r * 256 + 150);
    expect(encodeMaskRle(m).length).toBeLessThan(250);
  });

  it('rejects mangled codes with a clear message', () => {
    expect(() => decodeMaskRle('2.3.1', 7)).toThrow(/cover 6 pixels but the mask has 7/);
    expect(() => decodeMaskRle('2.3.9', 7)).toThrow(/exceed the mask length 7/);
    expect(() => decodeMaskRle('2.X.1', 6)).toThrow(/run 2 "X" is not a base-36 number/);
    expect(() => decodeMaskRle('2..1', 6)).toThrow(/run 2 "" is not/);
    expect(() => decodeMaskRle('2.0.4', 6)).toThrow(/run 2 is zero/);
    expect(() => decodeMaskRle('-1.7', 6)).toThrow(/not a base-36/);
    expect(() => decodeMaskRle('', 5)).toThrow(/empty/);
  });
});

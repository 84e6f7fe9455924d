import { describe, expect, it } from 'vitest';
import { maxPoolToFit } from './downsampleMap';

describe('maxPoolToFit', () => {
  it('leaves a map that fits as it is', () => {
    const map = Float32Array.from({ length: 8 * 16 }, (_, i) => i);
    const small = maxPoolToFit(map, 8, 16, 64, 128);
    expect(small).toEqual({ map, height: 8, width: 16 });
  });

  it('shrinks an ESPNet-sized map to the limit by a whole factor, aspect kept', () => {
    const small = maxPoolToFit(new Float32Array(384 * 768), 384, 768, 64, 128);
    expect([small.height, small.width]).toEqual([64, 128]);
    const odd = maxPoolToFit(new Float32Array(375 * 1242), 375, 1242, 64, 128);
    // 1242 / 128 → factor 10: 38 × 125.
    expect([odd.height, odd.width]).toEqual([38, 125]);
  });

  it('keeps a one-pixel peak, in the block it fell in', () => {
    const height = 384;
    const width = 768;
    const map = new Float32Array(height * width);
    map.fill(0.01);
    map[301 * width + 517] = 5; // factor 6: block (50, 86)
    const small = maxPoolToFit(map, height, width, 64, 128);
    expect(small.map[50 * small.width + 86]).toBe(5);
    let peaks = 0;
    for (const v of small.map) if (v === 5) peaks++;
    expect(peaks).toBe(1);
    expect(small.map[0]).toBeCloseTo(0.01, 6);
  });

  it('each value is the max of its block; partial blocks at the edges count', () => {
    // 5×5 into at most 2×2: factor 3, output 2×2, the last blocks are 2 wide/high.
    const map = Float32Array.from({ length: 25 }, (_, i) => (i * 7) % 11);
    const small = maxPoolToFit(map, 5, 5, 2, 2);
    const expected = [
      [0, 3, 0, 3],
      [0, 3, 3, 5],
      [3, 5, 0, 3],
      [3, 5, 3, 5],
    ].map(([r0, r1, c0, c1]) => {
      let m = -Infinity;
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) m = Math.max(m, map[r * 5 + c]);
      return m;
    });
    expect(Array.from(small.map)).toEqual(expected);
  });

  it('rejects a map of the wrong length', () => {
    expect(() => maxPoolToFit(new Float32Array(3), 2, 2, 1, 1)).toThrow(/values/);
  });
});

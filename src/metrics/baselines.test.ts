import { describe, expect, it } from 'vitest';
import { boxRegion, oracleMap, randomMap, uniformMap } from './baselines';
import { energyInRegion, relevanceRankAuc } from './localisation';

describe('baseline maps', () => {
  it('oracle: the share of each cell inside M', () => {
    // 4×4 mask with the top-left 2×2 and one more pixel, down to 2×2 cells.
    const mask = new Uint8Array(16);
    [0, 1, 4, 5, 10].forEach((i) => (mask[i] = 1));
    expect(Array.from(oracleMap(mask, 4, 4, 2, 2))).toEqual([1, 0, 0, 0.25]);
    expect(Array.from(oracleMap(mask, 4, 4, 4, 4))).toEqual(Array.from(mask));
  });

  it('uniform is chance; random is near chance on a large region', () => {
    const region = boxRegion([{ x0: 10, y0: 5, x1: 30, y1: 25 }], 32, 64);
    expect(region.reduce((a, b) => a + b, 0)).toBe(20 * 20);
    expect(energyInRegion(uniformMap(64 * 32), region).ratio).toBeCloseTo(1, 12);
    expect(relevanceRankAuc(uniformMap(64 * 32), region)).toBe(0.5);
    expect(Math.abs(relevanceRankAuc(randomMap(64 * 32, 3), region) - 0.5)).toBeLessThan(0.05);
    expect(randomMap(10, 3)).toEqual(randomMap(10, 3));
  });

  it('boxes are clipped to the image', () => {
    const region = boxRegion([{ x0: -2, y0: -2, x1: 2, y1: 1 }], 4, 4);
    expect(Array.from(region)).toEqual([1, 1, 0, 0, ...new Array(12).fill(0)]);
  });
});

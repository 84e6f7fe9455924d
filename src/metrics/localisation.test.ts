import { describe, expect, it } from 'vitest';
import { energyInRegion, pointingGame, relevanceRankAuc } from './localisation';
import { seededRandom } from './seededRandom';

// Hand-made maps on a 4×5 image whose answers are known, and the rank AUC against the pairwise
// definition counted by brute force.

const W = 5;
// Region: a 2×2 box at rows 1–2, columns 1–2 (4 of 20 pixels).
const region = Uint8Array.from({ length: 20 }, (_, i) => (Math.floor(i / W) >= 1 && Math.floor(i / W) <= 2 && i % W >= 1 && i % W <= 2 ? 1 : 0));

describe('energy in the evidence region', () => {
  it('is all the mass for the region itself and chance for a uniform map', () => {
    const inside = energyInRegion(Float32Array.from(region), region);
    expect(inside.share).toBe(1);
    expect(inside.areaShare).toBe(0.2);
    expect(inside.ratio).toBeCloseTo(5, 12);
    expect(energyInRegion(new Float32Array(20).fill(3), region).ratio).toBeCloseTo(1, 12);
  });

  it('counts a hand-made split and ignores negative values', () => {
    const map = new Float32Array(20);
    map[6] = 3; // inside
    map[0] = 1; // outside
    map[19] = -10; // negative: no mass
    const e = energyInRegion(map, region);
    expect(e.share).toBeCloseTo(0.75, 12);
    expect(e.ratio).toBeCloseTo(3.75, 12);
  });

  it('is undefined for an all-zero map', () => {
    expect(energyInRegion(new Float32Array(20), region).share).toBeNaN();
  });
});

describe('pointing game', () => {
  it('hits when the peak is inside, and within the tolerance only', () => {
    const map = new Float32Array(20);
    map[7] = 1; // row 1, col 2: inside
    expect(pointingGame(map, region, W).hit).toBe(true);
    map[7] = 0;
    map[9] = 1; // row 1, col 4: two columns right of the box
    expect(pointingGame(map, region, W, 1).hit).toBe(false);
    expect(pointingGame(map, region, W, 2)).toEqual({ hit: true, peak: { x: 4, y: 1 } });
    map[9] = 0;
    map[19] = 1; // row 3, col 4: diagonal distance √5 from (2, 2)
    expect(pointingGame(map, region, W, 2).hit).toBe(false);
    expect(pointingGame(map, region, W, 2.3).hit).toBe(true);
  });

  it('has no answer for an all-zero map', () => {
    expect(pointingGame(new Float32Array(20), region, W).hit).toBeNull();
  });
});

describe('relevance-rank AUC', () => {
  it('is 1 for the region, 0 for its complement, 0.5 for a flat map', () => {
    expect(relevanceRankAuc(Float32Array.from(region), region)).toBe(1);
    expect(relevanceRankAuc(Float32Array.from(region, (r) => 1 - r), region)).toBe(0);
    expect(relevanceRankAuc(new Float32Array(20), region)).toBe(0.5);
  });

  it('equals the pairwise probability counted by brute force, ties half', () => {
    const random = seededRandom(11);
    const map = Float32Array.from({ length: 20 }, () => Math.floor(random() * 4));
    let wins = 0;
    let pairs = 0;
    for (let i = 0; i < 20; i++) {
      if (!region[i]) continue;
      for (let j = 0; j < 20; j++) {
        if (region[j]) continue;
        pairs++;
        wins += map[i] > map[j] ? 1 : map[i] === map[j] ? 0.5 : 0;
      }
    }
    expect(relevanceRankAuc(map, region)).toBeCloseTo(wins / pairs, 12);
  });
});

import { describe, expect, it } from 'vitest';
import { averageRanks, spearman } from './ranks';
import { seededRandom } from './seededRandom';

// Spearman's ρ without ties has the closed form 1 − 6Σd² / (n(n² − 1)); with ties, Pearson on
// ranks counted by brute force (rank = #smaller + (#equal + 1) / 2).

function bruteRanks(v: number[]): number[] {
  return v.map((x) => v.filter((y) => y < x).length + (v.filter((y) => y === x).length + 1) / 2);
}

describe('ranks and Spearman', () => {
  it('averages the ranks of ties', () => {
    expect(Array.from(averageRanks([10, 20, 10, 30, 20, 20]))).toEqual([1.5, 4, 1.5, 6, 4, 4]);
    const random = seededRandom(3);
    const v = Array.from({ length: 60 }, () => Math.floor(random() * 7));
    expect(Array.from(averageRanks(v))).toEqual(bruteRanks(v));
  });

  it('matches the closed form on distinct values', () => {
    const random = seededRandom(5);
    const a = Array.from({ length: 40 }, () => random());
    const b = a.map((x) => x + 0.3 * random());
    const ra = bruteRanks(a);
    const rb = bruteRanks(b);
    const n = a.length;
    const d2 = ra.reduce((s, r, i) => s + (r - rb[i]) ** 2, 0);
    expect(spearman(a, b)).toBeCloseTo(1 - (6 * d2) / (n * (n * n - 1)), 10);
  });

  it('is 1 for a monotone transform, −1 for a reversal, NaN for a constant map', () => {
    const a = [0.1, 0.5, 0.2, 0.9, 0.3];
    expect(spearman(a, a.map((x) => Math.exp(5 * x)))).toBeCloseTo(1, 12);
    expect(spearman(a, a.map((x) => -x))).toBeCloseTo(-1, 12);
    expect(spearman(a, [1, 1, 1, 1, 1])).toBeNaN();
  });
});

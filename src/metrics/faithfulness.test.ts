import { describe, expect, it } from 'vitest';
import { areaUnderCurve, faithfulnessCurves, perturbedImages, randomOrder, relevanceOrder, stepCounts } from './faithfulness';

// A "model" whose answer is known: S = Σ_p w_p · (red_p − 100). Deleting a pixel (fill red 100)
// removes exactly its term, so the deletion curve of any order is a running sum computed by
// hand, and ordering by w is the best possible deletion order.

const W = 8;
const H = 4;
const n = W * H;

function weights(seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 16807) % 2147483647;
    return (s / 2147483647) * 2 - 0.4;
  });
}

function image(): Uint8Array {
  const img = new Uint8Array(n * 3);
  for (let p = 0; p < n; p++) img[p * 3] = 200; // red 200: every term is w · 100
  return img;
}

const fill: [number, number, number] = [100, 0, 0];

function linearScore(w: number[]) {
  return async (images: Uint8Array[]) => images.map((img) => w.reduce((s, wp, p) => s + wp * (img[p * 3] - 100), 0));
}

describe('deletion and insertion curves', () => {
  it('steps change equal shares of the pixels', () => {
    expect(stepCounts(10, 4)).toEqual([0, 3, 5, 8, 10]);
    const imgs = perturbedImages(image(), Int32Array.from({ length: n }, (_, i) => i), fill, 4, 'deletion');
    expect(imgs).toHaveLength(5);
    expect(imgs[1].filter((_, i) => i % 3 === 0 && _ === 100)).toHaveLength(8);
  });

  it('the deletion curve is the running sum of the removed terms', async () => {
    const w = weights(7);
    const order = relevanceOrder(w, 1);
    const steps = 8;
    const curves = await faithfulnessCurves(image(), order, steps, linearScore(w), fill);
    const total = w.reduce((a, b) => a + b, 0);
    const expected = stepCounts(n, steps).map((count) => {
      let removed = 0;
      for (let k = 0; k < count; k++) removed += w[order[k]];
      return (total - removed) / total;
    });
    curves.deletion.forEach((v, k) => expect(v).toBeCloseTo(expected[k], 4));
    // Insertion restores the same pixels: the curve is the complement.
    curves.insertion.forEach((v, k) => expect(v).toBeCloseTo(1 - expected[k], 4));
    expect(curves.deletionAuc).toBeCloseTo(areaUnderCurve(expected), 4);
  });

  it('the true relevance beats a random order, which beats the reversed one', async () => {
    const w = weights(3);
    const best = await faithfulnessCurves(image(), relevanceOrder(w), 8, linearScore(w), fill);
    const random = await faithfulnessCurves(image(), randomOrder(n, 5), 8, linearScore(w), fill);
    const worst = await faithfulnessCurves(image(), relevanceOrder(w.map((x) => -x)), 8, linearScore(w), fill);
    expect(best.deletionAuc).toBeLessThan(random.deletionAuc);
    expect(random.deletionAuc).toBeLessThan(worst.deletionAuc);
    expect(best.insertionAuc).toBeGreaterThan(random.insertionAuc);
  });

  it('breaks ties at random, so a flat map is a random order', () => {
    const order = relevanceOrder(new Float32Array(n), 9);
    expect(new Set(order).size).toBe(n);
    expect(Array.from(order)).not.toEqual(Array.from({ length: n }, (_, i) => i));
    const map = Float32Array.from({ length: n }, (_, i) => (i === 17 ? 1 : 0));
    expect(relevanceOrder(map)[0]).toBe(17);
  });

  it('area under a straight line from 1 to 0 is one half', () => {
    expect(areaUnderCurve([1, 0.75, 0.5, 0.25, 0])).toBeCloseTo(0.5, 12);
  });
});

// Deletion and insertion curves: replace the input pixels a map calls most relevant by a neutral
// fill, in equal steps, and watch S (the summed logit the map explains). A faithful map makes S
// fall fast on deletion and rise fast on insertion. Pure: the caller scores the images.
import { seededRandom } from './seededRandom';

/**
 * Pixel indices from most to least relevant. Ties (a coarse map's flat cells, the zeros a ReLU
 * leaves) are broken at random, so a flat map gives a random order, not a raster scan.
 */
export function relevanceOrder(map: ArrayLike<number>, seed = 1): Int32Array {
  const random = seededRandom(seed);
  const jitter = Float64Array.from({ length: map.length }, () => random());
  const idx = Array.from({ length: map.length }, (_, i) => i);
  idx.sort((a, b) => map[b] - map[a] || jitter[a] - jitter[b]);
  return Int32Array.from(idx);
}

/** A uniformly random order of `n` pixels (Fisher–Yates, seeded). */
export function randomOrder(n: number, seed = 1): Int32Array {
  const random = seededRandom(seed);
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx;
}

/** How many pixels are changed after each of `steps` equal steps (0 first, all last). */
export function stepCounts(pixels: number, steps: number): number[] {
  return Array.from({ length: steps + 1 }, (_, k) => Math.round((k * pixels) / steps));
}

/**
 * The images of a deletion (start from `image`, fill the ordered pixels) or insertion (start
 * from the fill, restore them) curve, RGB row-major, one per step count.
 */
export function perturbedImages(
  image: Uint8Array,
  order: Int32Array,
  fill: [number, number, number],
  steps: number,
  mode: 'deletion' | 'insertion',
): Uint8Array[] {
  const pixels = image.length / 3;
  if (order.length !== pixels) throw new Error(`order has ${order.length} pixels, image ${pixels}`);
  const start = new Uint8Array(image.length);
  if (mode === 'deletion') start.set(image);
  else for (let p = 0; p < pixels; p++) start.set(fill, p * 3);
  const counts = stepCounts(pixels, steps);
  const out: Uint8Array[] = [];
  const current = start;
  let done = 0;
  for (const count of counts) {
    for (; done < count; done++) {
      const p = order[done] * 3;
      if (mode === 'deletion') current.set(fill, p);
      else current.set(image.subarray(p, p + 3), p);
    }
    out.push(current.slice());
  }
  return out;
}

/** Trapezoid area under y over x = 0..1 in equal steps. */
export function areaUnderCurve(y: ArrayLike<number>): number {
  if (y.length < 2) throw new Error('a curve needs at least two points');
  let area = 0;
  for (let k = 1; k < y.length; k++) area += (y[k - 1] + y[k]) / 2;
  return area / (y.length - 1);
}

/**
 * S along a curve, rescaled so the intact image is 1 and the all-filled image 0: curves of
 * targets with different magnitudes then average. NaN when the fill does not change S.
 */
export function normaliseCurve(scores: ArrayLike<number>, intact: number, filled: number): number[] {
  const span = intact - filled;
  return Array.from(scores, (s) => (Math.abs(span) > 1e-6 ? (s - filled) / span : NaN));
}

/** The neutral fill: the image's mean colour. */
export function meanColour(image: Uint8Array): [number, number, number] {
  const sum = [0, 0, 0];
  for (let i = 0; i < image.length; i++) sum[i % 3] += image[i];
  const n = image.length / 3;
  return [Math.round(sum[0] / n), Math.round(sum[1] / n), Math.round(sum[2] / n)];
}

export interface FaithfulnessCurves {
  deletion: number[];
  insertion: number[];
  /** Lower = more faithful (S falls as soon as the top-ranked pixels go). */
  deletionAuc: number;
  /** Higher = more faithful. */
  insertionAuc: number;
}

/**
 * Deletion and insertion curves of the map's order. `score` returns S for each image (batch it
 * on the model); both curves share their endpoints (intact image, all filled).
 */
export async function faithfulnessCurves(
  image: Uint8Array,
  order: Int32Array,
  steps: number,
  score: (images: Uint8Array[]) => Promise<number[]>,
  fill: [number, number, number] = meanColour(image),
): Promise<FaithfulnessCurves> {
  const deletionImages = perturbedImages(image, order, fill, steps, 'deletion');
  const insertionImages = perturbedImages(image, order, fill, steps, 'insertion').slice(1, -1);
  const scores = await score([...deletionImages, ...insertionImages]);
  const del = scores.slice(0, steps + 1);
  const intact = del[0];
  const filled = del[steps];
  const ins = [filled, ...scores.slice(steps + 1), intact];
  const deletion = normaliseCurve(del, intact, filled);
  const insertion = normaliseCurve(ins, intact, filled);
  return { deletion, insertion, deletionAuc: areaUnderCurve(deletion), insertionAuc: areaUnderCurve(insertion) };
}

// Reference maps every table compares against: what chance, noise and perfect knowledge score.
import { seededRandom } from './seededRandom';

/** The same value everywhere: chance for every localisation metric. */
export function uniformMap(size: number): Float32Array {
  return new Float32Array(size).fill(1);
}

/** Independent uniform values in [0, 1), seeded. */
export function randomMap(size: number, seed = 1): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: size }, () => random());
}

/**
 * The oracle: M itself at a layer's resolution (the share of each cell's pixels that are in M,
 * area-averaged from H×W down to h×w; sizes need not divide).
 */
export function oracleMap(mask: ArrayLike<number>, H: number, W: number, h: number, w: number): Float32Array {
  if (mask.length !== H * W) throw new Error(`mask has ${mask.length} values, expected ${H}×${W}`);
  const sum = new Float32Array(h * w);
  const count = new Float32Array(h * w);
  for (let y = 0; y < H; y++) {
    const cy = Math.min(h - 1, Math.floor((y * h) / H));
    for (let x = 0; x < W; x++) {
      const c = cy * w + Math.min(w - 1, Math.floor((x * w) / W));
      sum[c] += mask[y * W + x] ? 1 : 0;
      count[c]++;
    }
  }
  return sum.map((s, i) => s / count[i]);
}

/** Pixels inside any of the boxes (x1, y1 exclusive), as a 0/1 region of W×H. */
export function boxRegion(boxes: { x0: number; y0: number; x1: number; y1: number }[], H: number, W: number): Uint8Array {
  const region = new Uint8Array(W * H);
  for (const b of boxes) {
    for (let y = Math.max(0, b.y0); y < Math.min(H, b.y1); y++) {
      for (let x = Math.max(0, b.x0); x < Math.min(W, b.x1); x++) region[y * W + x] = 1;
    }
  }
  return region;
}

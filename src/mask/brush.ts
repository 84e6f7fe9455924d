// Painting on a mask with a round brush, in place. Coordinates are mask pixels (fractions allowed).
import type { GridPixel } from '../imaging/geometry';
import type { Mask } from './mask';

/** Sets (value 1) or clears (value 0) every pixel whose centre lies within the disc. */
export function paintDisc(mask: Mask, centre: GridPixel, diameter: number, value: 0 | 1): void {
  const { height, width, bits } = mask;
  const { row, col } = centre;
  const radius = diameter / 2;
  const r0 = Math.max(0, Math.floor(row - radius));
  const r1 = Math.min(height - 1, Math.ceil(row + radius));
  const c0 = Math.max(0, Math.floor(col - radius));
  const c1 = Math.min(width - 1, Math.ceil(col + radius));
  // A diameter ≤ 1 always paints the pixel itself.
  const reach = Math.max(radius, 0.5) ** 2;
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      if ((r - row) ** 2 + (c - col) ** 2 <= reach) bits[r * width + c] = value;
    }
  }
}

/** Paints discs along the segment from one point to the next, so a fast stroke has no gaps. */
export function paintStroke(mask: Mask, from: GridPixel, to: GridPixel, diameter: number, value: 0 | 1): void {
  const distance = Math.hypot(to.row - from.row, to.col - from.col);
  const steps = Math.max(1, Math.ceil(distance / Math.max(0.5, diameter / 4)));
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    paintDisc(mask, { row: from.row + (to.row - from.row) * t, col: from.col + (to.col - from.col) * t }, diameter, value);
  }
}

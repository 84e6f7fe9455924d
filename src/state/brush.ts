// Painting on a mask with a round brush, in place. Coordinates are mask pixels.

/** Sets (value 1) or clears (value 0) every pixel whose centre lies within the disc. */
export function paintDisc(mask: Uint8Array, height: number, width: number, row: number, col: number, diameter: number, value: 0 | 1): void {
  const radius = diameter / 2;
  const r0 = Math.max(0, Math.floor(row - radius));
  const r1 = Math.min(height - 1, Math.ceil(row + radius));
  const c0 = Math.max(0, Math.floor(col - radius));
  const c1 = Math.min(width - 1, Math.ceil(col + radius));
  // A diameter ≤ 1 always paints the pixel itself.
  const reach = Math.max(radius, 0.5) ** 2;
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      if ((r - row) ** 2 + (c - col) ** 2 <= reach) mask[r * width + c] = value;
    }
  }
}

/** Paints discs along the segment from one point to the next, so a fast stroke has no gaps. */
export function paintStroke(
  mask: Uint8Array,
  height: number,
  width: number,
  from: { row: number; col: number },
  to: { row: number; col: number },
  diameter: number,
  value: 0 | 1,
): void {
  const distance = Math.hypot(to.row - from.row, to.col - from.col);
  const steps = Math.max(1, Math.ceil(distance / Math.max(0.5, diameter / 4)));
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    paintDisc(mask, height, width, from.row + (to.row - from.row) * t, from.col + (to.col - from.col) * t, diameter, value);
  }
}

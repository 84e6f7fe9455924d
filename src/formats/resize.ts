// Bilinear resize of 8-bit interleaved pixels, in plain TypeScript (no tfjs), matching
// tf.image.resizeBilinear with alignCorners = false and halfPixelCenters = false:
// src = dst · (in / out), mix floor(src) and min(floor(src) + 1, size − 1), then the value is
// stored as float32 (as tfjs does), rounded half to even and clipped to 0..255.

function roundHalfToEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function resizeRgbBilinear(
  pixels: ArrayLike<number>,
  height: number,
  width: number,
  newHeight: number,
  newWidth: number,
  channels = 3,
): Uint8Array {
  for (const [name, v] of [['height', height], ['width', width], ['newHeight', newHeight], ['newWidth', newWidth]] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new Error(`resize: ${name} must be a positive integer, got ${v}`);
  }
  if (pixels.length !== height * width * channels) {
    throw new Error(`resize: ${pixels.length} values for ${height}×${width}×${channels}`);
  }
  const out = new Uint8Array(newHeight * newWidth * channels);
  const rowRatio = height / newHeight;
  const colRatio = width / newWidth;
  let o = 0;
  for (let r = 0; r < newHeight; r++) {
    const srcRow = rowRatio * r;
    const r0 = Math.floor(srcRow);
    const rowFrac = srcRow - r0;
    const r1 = Math.min(height - 1, Math.ceil(srcRow));
    for (let c = 0; c < newWidth; c++) {
      const srcCol = colRatio * c;
      const c0 = Math.floor(srcCol);
      const colFrac = srcCol - c0;
      const c1 = Math.min(width - 1, Math.ceil(srcCol));
      const tl = (r0 * width + c0) * channels;
      const tr = (r0 * width + c1) * channels;
      const bl = (r1 * width + c0) * channels;
      const br = (r1 * width + c1) * channels;
      for (let d = 0; d < channels; d++) {
        const top = pixels[tl + d] + (pixels[tr + d] - pixels[tl + d]) * colFrac;
        const bottom = pixels[bl + d] + (pixels[br + d] - pixels[bl + d]) * colFrac;
        const value = Math.fround(top + (bottom - top) * rowFrac);
        out[o++] = Math.min(255, Math.max(0, roundHalfToEven(value)));
      }
    }
  }
  return out;
}

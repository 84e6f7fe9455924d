// Shrinking a heatmap for a thumbnail. Max-pooling over square blocks keeps the peak visible
// (averaging would wash out a one-pixel hot spot) and keeps the aspect ratio.

export interface SmallMap {
  map: Float32Array;
  height: number;
  width: number;
}

/** The map shrunk by a whole factor until it fits maxHeight×maxWidth; each value is its block's max. */
export function maxPoolToFit(map: Float32Array, height: number, width: number, maxHeight: number, maxWidth: number): SmallMap {
  if (map.length !== height * width) throw new Error(`maxPoolToFit: ${map.length} values for a ${height}×${width} map`);
  if (!(maxHeight >= 1 && maxWidth >= 1)) throw new Error(`maxPoolToFit: bad limit ${maxHeight}×${maxWidth}`);
  const factor = Math.max(1, Math.ceil(height / maxHeight), Math.ceil(width / maxWidth));
  if (factor === 1) return { map, height, width };
  const outHeight = Math.ceil(height / factor);
  const outWidth = Math.ceil(width / factor);
  const out = new Float32Array(outHeight * outWidth).fill(-Infinity);
  for (let r = 0; r < height; r++) {
    const rowOut = Math.floor(r / factor) * outWidth;
    for (let c = 0; c < width; c++) {
      const v = map[r * width + c];
      const o = rowOut + Math.floor(c / factor);
      if (v > out[o]) out[o] = v;
    }
  }
  // A block of NaNs only (nothing compared greater) shows as NaN, like its source.
  for (let i = 0; i < out.length; i++) if (out[i] === -Infinity) out[i] = NaN;
  return { map: out, height: outHeight, width: outWidth };
}

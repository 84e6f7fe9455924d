// Pixel layouts: the model and the scenes speak RGB, canvases and decoders speak RGBA.

/** A decoded image at its own resolution, RGBA row-major (ImageData layout). */
export interface RgbaImage {
  /** width·height·4 values, 0..255. */
  rgba: ArrayLike<number>;
  height: number;
  width: number;
}

/** RGB (3 bytes per pixel) → opaque RGBA. */
export function rgbToRgba(rgb: ArrayLike<number>): Uint8ClampedArray {
  const n = rgb.length / 3;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    out[i * 4] = rgb[i * 3];
    out[i * 4 + 1] = rgb[i * 3 + 1];
    out[i * 4 + 2] = rgb[i * 3 + 2];
    out[i * 4 + 3] = 255;
  }
  return out;
}

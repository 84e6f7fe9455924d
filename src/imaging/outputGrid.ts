// The grid M lives on (the model's output) against the image as shown: which output pixel is
// under a point of the image, and which output pixels show the picture rather than padding.
import { contentRectOnGrid, modelPixelAt, type FitMapping } from './fitImage';

export interface Pixel {
  row: number;
  col: number;
}

type Size = { height: number; width: number };

/** The output pixel (the grid M lives on) under a point of the image, if any. */
export function outputPixelAt(fit: FitMapping, output: Size, x: number, y: number): Pixel | null {
  const p = modelPixelAt(fit, x, y);
  if (!p) return null;
  return {
    row: Math.min(output.height - 1, Math.floor(((p.row + 0.5) * output.height) / fit.model.height)),
    col: Math.min(output.width - 1, Math.floor(((p.col + 0.5) * output.width) / fit.model.width)),
  };
}

/**
 * Output pixels whose centres lie on the image, not on letterbox padding (with 'stretch' and
 * 'crop' that is every pixel). Region tools (Object, Whole class, Whole image) keep M inside it:
 * the padding is not part of the picture.
 */
export function imageArea(fit: FitMapping, output: Size): Uint8Array {
  const rect = contentRectOnGrid(fit, output);
  const area = new Uint8Array(output.height * output.width);
  for (let r = 0; r < output.height; r++) {
    if (r + 0.5 < rect.y || r + 0.5 > rect.y + rect.height) continue;
    for (let c = 0; c < output.width; c++) {
      if (c + 0.5 >= rect.x && c + 0.5 <= rect.x + rect.width) area[r * output.width + c] = 1;
    }
  }
  return area;
}

/** a AND b, in place on a. */
export function intersect(a: Uint8Array, b: Uint8Array): Uint8Array {
  for (let i = 0; i < a.length; i++) a[i] = a[i] && b[i] ? 1 : 0;
  return a;
}

// The grid M lives on (the model's output) against the image as shown: which output pixel is
// under a point of the image.
import { modelPixelAt, type FitMapping } from './fitImage';
import type { GridPixel, Size } from './geometry';

/** The output pixel (the grid M lives on) under a point of the image, if any. */
export function outputPixelAt(fit: FitMapping, output: Size, x: number, y: number): GridPixel | null {
  const p = modelPixelAt(fit, x, y);
  if (!p) return null;
  return {
    row: Math.min(output.height - 1, Math.floor(((p.row + 0.5) * output.height) / fit.model.height)),
    col: Math.min(output.width - 1, Math.floor(((p.col + 0.5) * output.width) / fit.model.width)),
  };
}

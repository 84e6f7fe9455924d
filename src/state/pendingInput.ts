// Input is never lost: a click, stroke or tool used before the model is ready (loading, a new
// model, a new image still being segmented) is kept in image coordinates, and turned into M by
// the same rules as the live tools once the model's grid and segmentation exist.
import { componentMask, pixelMask } from '../engine/masks';
import type { FitMapping } from '../imaging/fitImage';
import { imageArea, intersect, outputPixelAt } from '../imaging/outputGrid';
import { paintStroke } from './brush';

export interface ImagePoint {
  /** Pixel coordinates on the image as shown (the scene canvas). */
  x: number;
  y: number;
}

export type PendingInput =
  | { kind: 'point'; at: ImagePoint; tool: 'pixel' | 'object'; add: boolean }
  | { kind: 'stroke'; points: ImagePoint[]; erase: boolean; brushSize: number }
  | { kind: 'whole-image' };

export interface GridContext {
  fit: FitMapping;
  output: { height: number; width: number };
  labels: Uint8Array;
  /** The current M (same grid), for Shift-click and strokes that add to it. */
  mask: Uint8Array | null;
}

/** M and its anchor (the output pixel that sets the class), or null when nothing lands on the image. */
export function resolvePendingInput(input: PendingInput, ctx: GridContext): { bits: Uint8Array; anchor?: number } | null {
  const { fit, output, labels, mask } = ctx;
  const { height, width } = output;
  if (input.kind === 'whole-image') return { bits: imageArea(fit, output) };
  if (input.kind === 'point') {
    const p = outputPixelAt(fit, output, input.at.x, input.at.y);
    if (!p) return null;
    const index = p.row * width + p.col;
    if (input.tool === 'object') return { bits: intersect(componentMask(labels, height, width, p.row, p.col), imageArea(fit, output)), anchor: index };
    if (input.add && mask) {
      const bits = mask.slice();
      bits[index] = 1;
      return { bits };
    }
    return { bits: pixelMask(height, width, p.row, p.col), anchor: index };
  }
  const pixels = input.points.map((q) => outputPixelAt(fit, output, q.x, q.y)).filter((p) => p !== null);
  if (pixels.length === 0) return null;
  const bits = mask ? mask.slice() : new Uint8Array(height * width);
  let last = pixels[0];
  for (const p of pixels) {
    paintStroke(bits, height, width, last, p, input.brushSize, input.erase ? 0 : 1);
    last = p;
  }
  return { bits, anchor: mask ? undefined : pixels[0].row * width + pixels[0].col };
}

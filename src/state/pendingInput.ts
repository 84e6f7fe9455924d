// Input is never lost: a click, stroke or tool used before the model is ready (loading, a new
// model, a new image still being segmented) is kept in image coordinates, and turned into M by
// the same rules as the live tools once the model's grid and segmentation exist.
import type { FitMapping } from '../imaging/fitImage';
import type { Size } from '../imaging/geometry';
import { outputPixelAt } from '../imaging/outputGrid';
import { paintStroke } from '../mask/brush';
import { imageAreaMask, withinImage } from '../mask/imageArea';
import { emptyMask, objectMask, pixelMask, withPixel, type LabelMap, type Mask } from '../mask/mask';

export interface ImagePoint {
  /** Pixel coordinates on the image as shown (the scene canvas). */
  x: number;
  y: number;
  /**
   * The size of the canvas the point was measured on, when known. A click before the scene is
   * drawn lands on the empty canvas; it is then taken at the same relative place on the image.
   */
  on?: Size;
}

/** The point in the image's pixels (rescaled when it was measured on a canvas of another size). */
function onImage(point: ImagePoint, image: Size): ImagePoint {
  if (!point.on || (point.on.height === image.height && point.on.width === image.width)) return point;
  return { x: (point.x * image.width) / point.on.width, y: (point.y * image.height) / point.on.height };
}

export type PendingInput =
  | { kind: 'point'; at: ImagePoint; tool: 'pixel' | 'object'; add: boolean }
  | { kind: 'stroke'; points: ImagePoint[]; erase: boolean; brushSize: number }
  | { kind: 'whole-image' };

export interface GridContext {
  fit: FitMapping;
  /** The segmentation on the output grid (the grid M lives on). */
  segmentation: LabelMap;
  /** The current M on that grid, for Shift-click and strokes that add to it. */
  mask: Mask | null;
}

/** M and its anchor (the output bit that sets the class), or null when nothing lands on the image. */
export function resolvePendingInput(input: PendingInput, ctx: GridContext): { mask: Mask; anchor?: number } | null {
  const { fit, segmentation, mask } = ctx;
  const grid = { height: segmentation.height, width: segmentation.width };
  if (input.kind === 'whole-image') return { mask: imageAreaMask(fit, grid) };
  if (input.kind === 'point') {
    const at = onImage(input.at, fit.image);
    const p = outputPixelAt(fit, grid, at.x, at.y);
    if (!p) return null;
    const anchor = p.row * grid.width + p.col;
    if (input.tool === 'object') return { mask: withinImage(objectMask(segmentation, p), fit), anchor };
    if (input.add && mask) return { mask: withPixel(mask, p) };
    return { mask: pixelMask(grid, p), anchor };
  }
  const pixels = input.points
    .map((q) => onImage(q, fit.image))
    .map((q) => outputPixelAt(fit, grid, q.x, q.y))
    .filter((p) => p !== null);
  if (pixels.length === 0) return null;
  const painted = mask ? { ...mask, bits: mask.bits.slice() } : emptyMask(grid);
  let last = pixels[0];
  for (const p of pixels) {
    paintStroke(painted, last, p, input.brushSize, input.erase ? 0 : 1);
    last = p;
  }
  return { mask: painted, anchor: mask ? undefined : pixels[0].row * grid.width + pixels[0].col };
}

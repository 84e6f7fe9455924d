// Where the picture is on a model grid: region tools (Object, Whole class, Whole image) keep M
// inside it, because letterbox padding is not part of the picture.
import { contentRectOnGrid, type FitMapping } from '../imaging/fitImage';
import type { Size } from '../imaging/geometry';
import { intersectMasks, rectMask, type Mask } from './mask';

/** Grid pixels whose centres lie on the image (with 'stretch' and 'crop': every pixel). */
export function imageAreaMask(fit: FitMapping, grid: Size): Mask {
  return rectMask(grid, contentRectOnGrid(fit, grid));
}

/** M without the letterbox padding; without a fit, M as it is. */
export function withinImage(mask: Mask, fit: FitMapping | null): Mask {
  return fit ? intersectMasks(mask, imageAreaMask(fit, mask)) : mask;
}

// Fitting an arbitrary image to the model input, by one of three policies (FitMode):
//
// - 'stretch': the whole image resized to the model input; the aspect ratio is not kept.
// - 'pad': letterbox. Scaled by one factor to fit inside the input, centred, padded with black.
// - 'crop': scaled by one factor to cover the input, centred, the overflow cut off.
//
// Every mode is described by one FitMapping: a linear map image → model input, the rectangle of
// the model input that holds picture (`content`: all of it except for 'pad') and the rectangle of
// the image the model sees (`visible`: all of it except for 'crop'). The canvas shows the image at
// its own resolution; the model-resolution maps (heatmap, segmentation, M) are drawn from
// `content` onto `visible`.
//
// Coordinates are continuous with pixel edges at integers (pixel (r, c) covers [c, c+1)×[r, r+1)).

import type { Rect, Size } from './geometry';
import type { RgbaImage } from './rgba';

export const FIT_MODES = ['stretch', 'pad', 'crop'] as const;
export type FitMode = (typeof FIT_MODES)[number];

export const FIT_MODE_LABELS: Record<FitMode, string> = { stretch: 'Stretch', pad: 'Pad', crop: 'Crop' };

/**
 * Stretch by default: segmentation networks are usually applied to whole frames resized to their
 * input (Cityscapes 2048×1024 is run at 1024×512), and the shared fixture copies were made that
 * way. A letterboxed wide photo (KITTI, 3.3:1) shrinks the street to a band inside black padding
 * that the network never saw in training; it then labels most of it void.
 */
export const DEFAULT_FIT_MODE: FitMode = 'stretch';

export function isFitMode(value: string): value is FitMode {
  return (FIT_MODES as readonly string[]).includes(value);
}

export type { Rect, Size };

export interface FitMapping {
  mode: FitMode;
  image: Size;
  model: Size;
  /** model x = offsetX + image x · scaleX (and likewise for y). */
  scaleX: number;
  scaleY: number;
  offsetX: number;
  offsetY: number;
  /** The part of the model input covered by the image (whole pixels); the rest is black padding. */
  content: Rect;
  /** The part of the image the model sees (whole pixels); the rest is cropped away. */
  visible: Rect;
}

export interface FittedImage {
  /** RGB, row-major, model.height · model.width · 3. */
  rgb: Uint8Array;
  mapping: FitMapping;
}

function checkSize(name: string, size: Size): void {
  if (!Number.isInteger(size.width) || !Number.isInteger(size.height) || size.width <= 0 || size.height <= 0) {
    throw new Error(`${name} size must be positive integers, got ${size.width}×${size.height}`);
  }
}

const whole = (size: Size): Rect => ({ x: 0, y: 0, width: size.width, height: size.height });

/** A length scaled and rounded to whole pixels, at least 1 and at most `limit`, centred in `limit`. */
function centred(length: number, limit: number): { start: number; length: number } {
  const rounded = Math.min(limit, Math.max(1, Math.round(length)));
  return { start: Math.floor((limit - rounded) / 2), length: rounded };
}

/** The mapping of an image onto the model input under a fit mode. */
export function fitMapping(image: Size, model: Size, mode: FitMode): FitMapping {
  checkSize('image', image);
  checkSize('model', model);
  let content = whole(model);
  let visible = whole(image);
  if (mode === 'pad') {
    const scale = Math.min(model.width / image.width, model.height / image.height);
    const x = centred(image.width * scale, model.width);
    const y = centred(image.height * scale, model.height);
    content = { x: x.start, y: y.start, width: x.length, height: y.length };
  } else if (mode === 'crop') {
    const scale = Math.max(model.width / image.width, model.height / image.height);
    const x = centred(model.width / scale, image.width);
    const y = centred(model.height / scale, image.height);
    visible = { x: x.start, y: y.start, width: x.length, height: y.length };
  }
  const scaleX = content.width / visible.width;
  const scaleY = content.height / visible.height;
  return {
    mode,
    image: { ...image },
    model: { ...model },
    scaleX,
    scaleY,
    offsetX: content.x - visible.x * scaleX,
    offsetY: content.y - visible.y * scaleY,
    content,
    visible,
  };
}

/** Whether two mappings put the image in the same place (the mode names may differ). */
export function sameGeometry(a: FitMapping, b: FitMapping): boolean {
  const rect = (p: Rect, q: Rect) => p.x === q.x && p.y === q.y && p.width === q.width && p.height === q.height;
  return (
    a.image.width === b.image.width &&
    a.image.height === b.image.height &&
    a.model.width === b.model.width &&
    a.model.height === b.model.height &&
    rect(a.content, b.content) &&
    rect(a.visible, b.visible)
  );
}

/**
 * The one way an image becomes model input, in the app (any decoded file, URL or scene) and in
 * the CLI alike: fit the RGBA image to the model input under `mode`, resampling with one
 * triangle (antialiasing bilinear) filter. Transparent pixels are composited onto black, like
 * the padding.
 */
export function fitImage(image: RgbaImage, model: Size, mode: FitMode): FittedImage {
  const { rgba, width, height } = image;
  const mapping = fitMapping({ height, width }, model, mode);
  if (rgba.length !== width * height * 4) {
    throw new Error(`fitImage: ${rgba.length} values for a ${width}×${height} RGBA image`);
  }
  const { content, visible } = mapping;
  const rgb = new Float32Array(visible.width * visible.height * 3);
  for (let r = 0; r < visible.height; r++) {
    for (let c = 0; c < visible.width; c++) {
      const i = (visible.y + r) * width + visible.x + c;
      const o = (r * visible.width + c) * 3;
      const a = rgba[i * 4 + 3] / 255;
      rgb[o] = rgba[i * 4] * a;
      rgb[o + 1] = rgba[i * 4 + 1] * a;
      rgb[o + 2] = rgba[i * 4 + 2] * a;
    }
  }
  const resized = resampleRgb(rgb, visible.height, visible.width, content.height, content.width);
  const out = new Uint8Array(model.width * model.height * 3);
  for (let r = 0; r < content.height; r++) {
    const dst = ((content.y + r) * model.width + content.x) * 3;
    for (let k = 0; k < content.width * 3; k++) {
      out[dst + k] = Math.min(255, Math.max(0, Math.round(resized[r * content.width * 3 + k])));
    }
  }
  return { rgb: out, mapping };
}

/** Image point → model-input point (continuous). */
export function imageToModel(m: FitMapping, x: number, y: number): { x: number; y: number } {
  return { x: m.offsetX + x * m.scaleX, y: m.offsetY + y * m.scaleY };
}

/** Model-input point → image point (continuous); may fall outside the image in the padding. */
export function modelToImage(m: FitMapping, x: number, y: number): { x: number; y: number } {
  return { x: (x - m.offsetX) / m.scaleX, y: (y - m.offsetY) / m.scaleY };
}

/**
 * The model-input pixel under an image point (e.g. a click on the canvas, in image pixels), or
 * null when the point lies outside the part of the image the model sees.
 */
export function modelPixelAt(m: FitMapping, x: number, y: number): { row: number; col: number } | null {
  const { content, visible } = m;
  if (!(x >= visible.x && y >= visible.y && x < visible.x + visible.width && y < visible.y + visible.height)) return null;
  const p = imageToModel(m, x, y);
  const col = Math.min(content.x + content.width - 1, Math.max(content.x, Math.floor(p.x)));
  const row = Math.min(content.y + content.height - 1, Math.max(content.y, Math.floor(p.y)));
  return { row, col };
}

/**
 * The `content` rectangle expressed on another grid that spans the model input (a layer's h×w,
 * or the network output): the source rectangle to pass to `drawImage` (with `visible` as the
 * destination) so that a map at that resolution lines up with the image.
 */
export function contentRectOnGrid(m: FitMapping, grid: Size): Rect {
  const sx = grid.width / m.model.width;
  const sy = grid.height / m.model.height;
  return { x: m.content.x * sx, y: m.content.y * sy, width: m.content.width * sx, height: m.content.height * sy };
}

/** A cell of a grid spanning the model input, as a rectangle of the image (e.g. to outline it). */
export function gridCellOnImage(m: FitMapping, grid: Size, row: number, col: number): Rect {
  const x0 = modelToImage(m, (col * m.model.width) / grid.width, (row * m.model.height) / grid.height);
  const x1 = modelToImage(m, ((col + 1) * m.model.width) / grid.width, ((row + 1) * m.model.height) / grid.height);
  return { x: x0.x, y: x0.y, width: x1.x - x0.x, height: x1.y - x0.y };
}

interface AxisTaps {
  index: Int32Array[];
  weight: Float32Array[];
}

// Triangle (bilinear) filter whose support widens with the reduction factor, so that shrinking
// averages every source pixel instead of sampling a few (antialiasing); exact bilinear when enlarging.
function axisTaps(srcSize: number, dstSize: number): AxisTaps {
  const scale = dstSize / srcSize;
  const support = scale < 1 ? 1 / scale : 1;
  const index: Int32Array[] = [];
  const weight: Float32Array[] = [];
  for (let o = 0; o < dstSize; o++) {
    const centre = (o + 0.5) / scale - 0.5;
    const lo = Math.ceil(centre - support);
    const hi = Math.floor(centre + support);
    const idx: number[] = [];
    const w: number[] = [];
    let total = 0;
    for (let i = lo; i <= hi; i++) {
      const wi = 1 - Math.abs(i - centre) / support;
      if (wi <= 0) continue;
      idx.push(Math.min(srcSize - 1, Math.max(0, i)));
      w.push(wi);
      total += wi;
    }
    index.push(Int32Array.from(idx));
    weight.push(Float32Array.from(w, (v) => v / total));
  }
  return { index, weight };
}

function resampleRgb(src: Float32Array, h: number, w: number, H: number, W: number): Float32Array {
  const cols = axisTaps(w, W);
  const rows = axisTaps(h, H);
  const horizontal = new Float32Array(h * W * 3);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < W; c++) {
      const idx = cols.index[c];
      const wt = cols.weight[c];
      let red = 0;
      let green = 0;
      let blue = 0;
      for (let k = 0; k < idx.length; k++) {
        const s = (r * w + idx[k]) * 3;
        red += src[s] * wt[k];
        green += src[s + 1] * wt[k];
        blue += src[s + 2] * wt[k];
      }
      const o = (r * W + c) * 3;
      horizontal[o] = red;
      horizontal[o + 1] = green;
      horizontal[o + 2] = blue;
    }
  }
  const out = new Float32Array(H * W * 3);
  for (let r = 0; r < H; r++) {
    const idx = rows.index[r];
    const wt = rows.weight[r];
    for (let k = 0; k < idx.length; k++) {
      const s0 = idx[k] * W * 3;
      const o0 = r * W * 3;
      for (let j = 0; j < W * 3; j++) out[o0 + j] += horizontal[s0 + j] * wt[k];
    }
  }
  return out;
}

// The pixel set M of a target, and every way to build or combine it. A Mask is row-major bits
// (1 = in M) with its grid size; sizes are {height, width} (imaging/geometry.ts). Pure TypeScript:
// used by the engine's callers, the worker, the store, the UI and the CLI.
import type { GridPixel, Rect, Size } from '../imaging/geometry';

export interface Mask {
  height: number;
  width: number;
  /** Row-major, height·width, 1 = in M. */
  bits: Uint8Array;
}

/** A label map on a grid, e.g. a segmentation (predicted class per output pixel). */
export interface LabelMap {
  height: number;
  width: number;
  labels: ArrayLike<number>;
}

function checkSize({ height, width }: Size): void {
  if (!Number.isInteger(height) || !Number.isInteger(width) || height <= 0 || width <= 0) {
    throw new Error(`mask size must be positive integers, got ${height}×${width}`);
  }
}

function inside({ height, width }: Size, { row, col }: GridPixel): boolean {
  return Number.isInteger(row) && Number.isInteger(col) && row >= 0 && row < height && col >= 0 && col < width;
}

function checkPixel(size: Size, pixel: GridPixel): void {
  if (!inside(size, pixel)) throw new Error(`pixel (${pixel.row}, ${pixel.col}) is outside the ${size.height}×${size.width} map`);
}

function checkSameSize(a: Size, b: Size): void {
  if (a.height !== b.height || a.width !== b.width) throw new Error(`masks differ in size: ${a.height}×${a.width} and ${b.height}×${b.width}`);
}

export function emptyMask(size: Size): Mask {
  checkSize(size);
  return { height: size.height, width: size.width, bits: new Uint8Array(size.height * size.width) };
}

export function wholeImageMask(size: Size): Mask {
  const mask = emptyMask(size);
  mask.bits.fill(1);
  return mask;
}

export function pixelMask(size: Size, pixel: GridPixel): Mask {
  return pixelsMask(size, [pixel]);
}

export function pixelsMask(size: Size, pixels: readonly GridPixel[]): Mask {
  const mask = emptyMask(size);
  for (const pixel of pixels) {
    checkPixel(size, pixel);
    mask.bits[pixel.row * size.width + pixel.col] = 1;
  }
  return mask;
}

/** M with one more pixel (shift-click). */
export function withPixel(mask: Mask, pixel: GridPixel): Mask {
  checkPixel(mask, pixel);
  const bits = mask.bits.slice();
  bits[pixel.row * mask.width + pixel.col] = 1;
  return { height: mask.height, width: mask.width, bits };
}

/**
 * M from a painted bitmap: either one value per pixel (non-zero = in M) or RGBA
 * (4 values per pixel; a pixel is in M when its alpha is non-zero).
 */
export function bitmapMask(data: ArrayLike<number>, size: Size): Mask {
  const mask = emptyMask(size);
  const n = size.height * size.width;
  if (data.length === n) {
    for (let i = 0; i < n; i++) mask.bits[i] = data[i] !== 0 ? 1 : 0;
  } else if (data.length === 4 * n) {
    for (let i = 0; i < n; i++) mask.bits[i] = data[4 * i + 3] !== 0 ? 1 : 0;
  } else {
    throw new Error(`bitmap has ${data.length} values; expected ${n} (one per pixel) or ${4 * n} (RGBA) for ${size.height}×${size.width}`);
  }
  return mask;
}

function checkLabels(map: LabelMap): void {
  checkSize(map);
  if (map.labels.length !== map.height * map.width) throw new Error(`labels have ${map.labels.length} values; expected ${map.height * map.width}`);
}

/** All pixels whose label is c: "the whole class". */
export function classMask(map: LabelMap, c: number): Mask {
  checkLabels(map);
  const mask = emptyMask(map);
  for (let i = 0; i < mask.bits.length; i++) mask.bits[i] = map.labels[i] === c ? 1 : 0;
  return mask;
}

/** The 4-connected component of same-label pixels containing `pixel`: "the object". */
export function objectMask(map: LabelMap, pixel: GridPixel): Mask {
  checkLabels(map);
  checkPixel(map, pixel);
  const { height: h, width: w, labels } = map;
  const mask = emptyMask(map);
  const bits = mask.bits;
  const start = pixel.row * w + pixel.col;
  const label = labels[start];
  const stack = new Int32Array(h * w);
  let top = 0;
  bits[start] = 1;
  stack[top++] = start;
  const visit = (j: number): void => {
    if (bits[j] === 0 && labels[j] === label) {
      bits[j] = 1;
      stack[top++] = j;
    }
  };
  while (top > 0) {
    const i = stack[--top];
    const r = (i / w) | 0;
    const c = i - r * w;
    if (r > 0) visit(i - w);
    if (r < h - 1) visit(i + w);
    if (c > 0) visit(i - 1);
    if (c < w - 1) visit(i + 1);
  }
  return mask;
}

/** Grid pixels whose centres lie within `rect` (grid units; edges count as inside). */
export function rectMask(size: Size, rect: Rect): Mask {
  const mask = emptyMask(size);
  for (let r = 0; r < size.height; r++) {
    if (r + 0.5 < rect.y || r + 0.5 > rect.y + rect.height) continue;
    for (let c = 0; c < size.width; c++) {
      if (c + 0.5 >= rect.x && c + 0.5 <= rect.x + rect.width) mask.bits[r * size.width + c] = 1;
    }
  }
  return mask;
}

/** a AND b. */
export function intersectMasks(a: Mask, b: Mask): Mask {
  checkSameSize(a, b);
  return { height: a.height, width: a.width, bits: a.bits.map((v, i) => (v && b.bits[i] ? 1 : 0)) };
}

/** a OR b. */
export function unionMasks(a: Mask, b: Mask): Mask {
  checkSameSize(a, b);
  return { height: a.height, width: a.width, bits: a.bits.map((v, i) => (v || b.bits[i] ? 1 : 0)) };
}

/** |M|: the number of non-zero entries (of a Mask's bits or any bit array). */
export function maskSize(mask: Mask | ArrayLike<number>): number {
  const bits = 'bits' in mask ? mask.bits : mask;
  let n = 0;
  for (let i = 0; i < bits.length; i++) if (bits[i] !== 0) n++;
  return n;
}

export function isEmptyMask(mask: Mask): boolean {
  return mask.bits.every((v) => v === 0);
}

/** The first pixel of M in row-major order, as a bit index, or -1 for an empty M. */
export function firstMaskIndex(mask: Mask): number {
  return mask.bits.findIndex((v) => v !== 0);
}

/** Pixels of M with a 4-neighbour outside M (or on the image border): the outline to draw. */
export function maskOutline(mask: Mask): Mask {
  checkSize(mask);
  const { height: h, width: w, bits } = mask;
  const out = emptyMask(mask);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const i = r * w + c;
      if (bits[i] === 0) continue;
      const edge =
        r === 0 || r === h - 1 || c === 0 || c === w - 1 ||
        bits[i - w] === 0 || bits[i + w] === 0 || bits[i - 1] === 0 || bits[i + 1] === 0;
      if (edge) out.bits[i] = 1;
    }
  }
  return out;
}

/** Nearest-neighbour resize (pixel centres), e.g. a mask painted at image size → output size. */
export function resizeMaskNearest(mask: Mask, size: Size): Mask {
  checkSize(mask);
  const { height: h, width: w, bits } = mask;
  if (bits.length !== h * w) throw new Error(`mask has ${bits.length} values; expected ${h * w}`);
  const out = emptyMask(size);
  const { height: H, width: W } = size;
  for (let R = 0; R < H; R++) {
    const r = Math.min(h - 1, Math.floor(((R + 0.5) * h) / H));
    for (let C = 0; C < W; C++) {
      const c = Math.min(w - 1, Math.floor(((C + 0.5) * w) / W));
      out.bits[R * W + C] = bits[r * w + c] !== 0 ? 1 : 0;
    }
  }
  return out;
}

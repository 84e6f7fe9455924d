// Fitting an arbitrary image to the model input.
//
// Policy: LETTERBOX. The image is scaled by one factor so that it fits entirely inside the model
// input (nothing is cropped), centred, and the rest is padded with black. Street photos are often
// much wider than the model input (KITTI is about 3.3:1, our U-Net 2:1); cropping would hide part
// of what the user opened, while padding keeps every pixel explainable. The canvas shows the image
// at its own resolution; the model-resolution maps (heatmap, segmentation, M) are drawn from the
// `content` rectangle only, stretched over the image.
//
// Coordinates are continuous with pixel edges at integers (pixel (r, c) covers [c, c+1)×[r, r+1)).

export interface Size {
  height: number;
  width: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FitMapping {
  image: Size;
  model: Size;
  /** model x = offsetX + image x · scaleX (and likewise for y). */
  scaleX: number;
  scaleY: number;
  offsetX: number;
  offsetY: number;
  /** The part of the model input covered by the image (whole pixels); the rest is black padding. */
  content: Rect;
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

/** The letterbox mapping of an image onto the model input. */
export function fitMapping(image: Size, model: Size): FitMapping {
  checkSize('image', image);
  checkSize('model', model);
  const scale = Math.min(model.width / image.width, model.height / image.height);
  const width = Math.min(model.width, Math.max(1, Math.round(image.width * scale)));
  const height = Math.min(model.height, Math.max(1, Math.round(image.height * scale)));
  const x = Math.floor((model.width - width) / 2);
  const y = Math.floor((model.height - height) / 2);
  return {
    image: { ...image },
    model: { ...model },
    scaleX: width / image.width,
    scaleY: height / image.height,
    offsetX: x,
    offsetY: y,
    content: { x, y, width, height },
  };
}

/**
 * Fit an RGBA image (e.g. ImageData.data) of `width`×`height` to the model input. Transparent
 * pixels are composited onto black, like the padding.
 */
export function fitImage(rgba: ArrayLike<number>, width: number, height: number, model: Size): FittedImage {
  const mapping = fitMapping({ width, height }, model);
  if (rgba.length !== width * height * 4) {
    throw new Error(`fitImage: ${rgba.length} values for a ${width}×${height} RGBA image`);
  }
  const rgb = new Float32Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const a = rgba[i * 4 + 3] / 255;
    rgb[i * 3] = rgba[i * 4] * a;
    rgb[i * 3 + 1] = rgba[i * 4 + 1] * a;
    rgb[i * 3 + 2] = rgba[i * 4 + 2] * a;
  }
  const { content } = mapping;
  const resized = resampleRgb(rgb, width, height, content.width, content.height);
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
 * null when the point lies outside the image.
 */
export function modelPixelAt(m: FitMapping, x: number, y: number): { row: number; col: number } | null {
  if (!(x >= 0 && y >= 0 && x < m.image.width && y < m.image.height)) return null;
  const p = imageToModel(m, x, y);
  const { content } = m;
  const col = Math.min(content.x + content.width - 1, Math.max(content.x, Math.floor(p.x)));
  const row = Math.min(content.y + content.height - 1, Math.max(content.y, Math.floor(p.y)));
  return { row, col };
}

/**
 * The `content` rectangle expressed on another grid that spans the model input (a layer's h×w,
 * or the network output): the source rectangle to pass to `drawImage` so that a map at that
 * resolution lines up with the image.
 */
export function contentRectOnGrid(m: FitMapping, grid: Size): Rect {
  const sx = grid.width / m.model.width;
  const sy = grid.height / m.model.height;
  return { x: m.content.x * sx, y: m.content.y * sy, width: m.content.width * sx, height: m.content.height * sy };
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

function resampleRgb(src: Float32Array, w: number, h: number, W: number, H: number): Float32Array {
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

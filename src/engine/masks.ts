// Builders for the pixel set M of a Target: row-major Uint8Array(h·w), 1 = in M.
// Pure TypeScript: used by the engine, the worker, the UI and the CLI.

export type Mask = Uint8Array;

export interface Point {
  row: number;
  col: number;
}

function checkSize(h: number, w: number): void {
  if (!Number.isInteger(h) || !Number.isInteger(w) || h <= 0 || w <= 0) {
    throw new Error(`mask size must be positive integers, got ${h}×${w}`);
  }
}

function inside(h: number, w: number, row: number, col: number): boolean {
  return Number.isInteger(row) && Number.isInteger(col) && row >= 0 && row < h && col >= 0 && col < w;
}

function checkPoint(h: number, w: number, row: number, col: number): void {
  if (!inside(h, w, row, col)) {
    throw new Error(`pixel (${row}, ${col}) is outside the ${h}×${w} map`);
  }
}

export function emptyMask(h: number, w: number): Mask {
  checkSize(h, w);
  return new Uint8Array(h * w);
}

export function wholeImageMask(h: number, w: number): Mask {
  return emptyMask(h, w).fill(1);
}

export function pixelMask(h: number, w: number, row: number, col: number): Mask {
  return pixelsMask(h, w, [{ row, col }]);
}

export function pixelsMask(h: number, w: number, points: readonly Point[]): Mask {
  const mask = emptyMask(h, w);
  for (const { row, col } of points) {
    checkPoint(h, w, row, col);
    mask[row * w + col] = 1;
  }
  return mask;
}

/**
 * M from a painted bitmap: either one value per pixel (non-zero = in M) or RGBA
 * (4 values per pixel; a pixel is in M when its alpha is non-zero).
 */
export function bitmapMask(data: ArrayLike<number>, h: number, w: number): Mask {
  checkSize(h, w);
  const n = h * w;
  const mask = new Uint8Array(n);
  if (data.length === n) {
    for (let i = 0; i < n; i++) mask[i] = data[i] !== 0 ? 1 : 0;
  } else if (data.length === 4 * n) {
    for (let i = 0; i < n; i++) mask[i] = data[4 * i + 3] !== 0 ? 1 : 0;
  } else {
    throw new Error(`bitmap has ${data.length} values; expected ${n} (one per pixel) or ${4 * n} (RGBA) for ${h}×${w}`);
  }
  return mask;
}

/** All pixels whose label is c. */
export function classMask(labels: ArrayLike<number>, c: number): Mask {
  const mask = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) mask[i] = labels[i] === c ? 1 : 0;
  return mask;
}

/** The 4-connected component of same-label pixels containing (row, col): "the object". */
export function componentMask(labels: ArrayLike<number>, h: number, w: number, row: number, col: number): Mask {
  checkSize(h, w);
  if (labels.length !== h * w) throw new Error(`labels have ${labels.length} values; expected ${h * w}`);
  checkPoint(h, w, row, col);
  const mask = new Uint8Array(h * w);
  const label = labels[row * w + col];
  const stack = new Int32Array(h * w);
  let top = 0;
  const start = row * w + col;
  mask[start] = 1;
  stack[top++] = start;
  const visit = (j: number): void => {
    if (mask[j] === 0 && labels[j] === label) {
      mask[j] = 1;
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

/** |M|: the number of non-zero entries. */
export function maskSize(mask: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) n++;
  return n;
}

/** Pixels of M with a 4-neighbour outside M (or on the image border): the outline to draw. */
export function maskOutline(mask: ArrayLike<number>, h: number, w: number): Mask {
  checkSize(h, w);
  const out = new Uint8Array(h * w);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const i = r * w + c;
      if (mask[i] === 0) continue;
      const edge =
        r === 0 || r === h - 1 || c === 0 || c === w - 1 ||
        mask[i - w] === 0 || mask[i + w] === 0 || mask[i - 1] === 0 || mask[i + 1] === 0;
      if (edge) out[i] = 1;
    }
  }
  return out;
}

/** Nearest-neighbour resize (pixel centres), e.g. a mask painted at display size → output size. */
export function resizeMaskNearest(mask: ArrayLike<number>, h: number, w: number, H: number, W: number): Mask {
  checkSize(h, w);
  checkSize(H, W);
  if (mask.length !== h * w) throw new Error(`mask has ${mask.length} values; expected ${h * w}`);
  const out = new Uint8Array(H * W);
  for (let R = 0; R < H; R++) {
    const r = Math.min(h - 1, Math.floor(((R + 0.5) * h) / H));
    for (let C = 0; C < W; C++) {
      const c = Math.min(w - 1, Math.floor(((C + 0.5) * w) / W));
      out[R * W + C] = mask[r * w + c] !== 0 ? 1 : 0;
    }
  }
  return out;
}

// The few geometry words every room uses. Sizes are always {height, width} (rows first, like
// the row-major arrays they describe); a pixel on a grid is {row, col}; a Rect is in x/y units.

export interface Size {
  height: number;
  width: number;
}

/** A cell of a row-major grid (an image, a model output, a mask). */
export interface GridPixel {
  row: number;
  col: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

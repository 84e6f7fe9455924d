// Small helpers for drawing RGBA maps onto the scene canvas.

/** An RGBA buffer as a canvas that drawImage can scale. */
export function rgbaCanvas(rgba: Uint8ClampedArray, height: number, width: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (context) context.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
  return canvas;
}

// Node-only image files: PNG (pngjs) and JPEG (jpeg-js) ⇄ interleaved 8-bit RGB.
import { readFileSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';

export interface RgbImage {
  width: number;
  height: number;
  /** Interleaved RGB, length width·height·3. */
  rgb: Uint8Array;
}

function rgbaToRgb(rgba: ArrayLike<number>, n: number): Uint8Array {
  const rgb = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    rgb[3 * i] = rgba[4 * i];
    rgb[3 * i + 1] = rgba[4 * i + 1];
    rgb[3 * i + 2] = rgba[4 * i + 2];
  }
  return rgb;
}

function isPng(b: Uint8Array): boolean {
  return b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
}

function isJpeg(b: Uint8Array): boolean {
  return b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

/** Decodes PNG or JPEG bytes (detected by signature); alpha is dropped. */
export function decodeImage(bytes: Uint8Array): RgbImage {
  if (isPng(bytes)) {
    // pngjs expands palette, grey and 16-bit images to 8-bit RGBA.
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return { width: png.width, height: png.height, rgb: rgbaToRgb(png.data, png.width * png.height) };
  }
  if (isJpeg(bytes)) {
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
    return { width: img.width, height: img.height, rgb: rgbaToRgb(img.data, img.width * img.height) };
  }
  throw new Error('not a PNG or JPEG file');
}

export function readImage(path: string): RgbImage {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(`cannot read image ${path}: ${(e as Error).message}`);
  }
  try {
    return decodeImage(bytes);
  } catch (e) {
    throw new Error(`cannot decode image ${path}: ${(e as Error).message}`);
  }
}

/** PNG of interleaved 8-bit pixels with 1 (grey), 3 (RGB) or 4 (RGBA) channels. */
export function encodePng(pixels: Uint8Array, width: number, height: number, channels: 1 | 3 | 4): Uint8Array {
  if (pixels.length !== width * height * channels) {
    throw new Error(`png: ${pixels.length} values for ${width}×${height}×${channels}`);
  }
  const colorType = channels === 1 ? 0 : channels === 3 ? 2 : 6;
  const png = new PNG({ width, height, colorType, inputColorType: colorType, inputHasAlpha: channels === 4, bitDepth: 8 });
  png.data = Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  return PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: channels === 4, bitDepth: 8 });
}

export function encodeJpeg(rgb: Uint8Array, width: number, height: number, quality = 90): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba[4 * i] = rgb[3 * i];
    rgba[4 * i + 1] = rgb[3 * i + 1];
    rgba[4 * i + 2] = rgb[3 * i + 2];
    rgba[4 * i + 3] = 255;
  }
  return jpeg.encode({ data: rgba, width, height }, quality).data;
}

export function writePng(path: string, pixels: Uint8Array, width: number, height: number, channels: 1 | 3 | 4): void {
  writeFileSync(path, encodePng(pixels, width, height, channels));
}

/** 8-bit grey PNG ⇄ raw values (e.g. class indices, masks): reads the first channel. */
export function decodeGreyPng(bytes: Uint8Array): { width: number; height: number; values: Uint8Array } {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const n = png.width * png.height;
  const values = new Uint8Array(n);
  for (let i = 0; i < n; i++) values[i] = png.data[4 * i];
  return { width: png.width, height: png.height, values };
}

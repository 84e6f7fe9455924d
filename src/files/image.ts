// Node-only image files: PNG (pngjs) and JPEG (jpeg-js) ⇄ interleaved 8-bit RGB.
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { readImageHeader } from '../formats/imageHeader';
import { MAX_IMAGE_FILE_BYTES, MAX_IMAGE_PIXELS } from '../formats/limits';
import { readRegularFile } from './readRegularFile';
import type { RgbaImage } from '../imaging/rgba';

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

/** In place of the decoders' own words ("marker was not found", "unrecognised content at end of stream"). */
function decoderFailure(format: 'png' | 'jpeg'): Error {
  return new Error(`the ${format.toUpperCase()} file is damaged: its image data cannot be decoded`);
}

/**
 * Decodes PNG or JPEG bytes (detected by signature) to RGBA: what a browser's decoder gives the
 * app, so the CLI can fit images exactly as the app does (imaging/fitImage.ts). The header is
 * read first: an image over MAX_IMAGE_PIXELS or cut short is refused before any pixel buffer is made.
 */
export function decodeImageRgba(bytes: Uint8Array, name = 'the image'): RgbaImage & { rgba: Uint8Array } {
  const header = readImageHeader(bytes, name);
  if (header.format === 'png') {
    let png: PNG;
    try {
      // pngjs expands palette, grey and 16-bit images to 8-bit RGBA.
      png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch {
      throw decoderFailure('png');
    }
    return { width: png.width, height: png.height, rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
  }
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: Math.ceil(MAX_IMAGE_PIXELS / 1e6),
      maxMemoryUsageInMB: Math.ceil((MAX_IMAGE_PIXELS * 8) / 2 ** 20),
    });
  } catch {
    throw decoderFailure('jpeg');
  }
  return { width: img.width, height: img.height, rgba: img.data };
}

/** Decodes PNG or JPEG bytes to RGB; alpha is dropped (a mask image's colour is its content). */
export function decodeImage(bytes: Uint8Array, name = 'the image'): RgbImage {
  const { width, height, rgba } = decodeImageRgba(bytes, name);
  return { width, height, rgb: rgbaToRgb(rgba, width * height) };
}

/** Reads and decodes an image file; special files and files over MAX_IMAGE_FILE_BYTES are refused. */
export function readImage(path: string, what = 'image'): RgbImage {
  const { width, height, rgba } = readImageRgba(path, what);
  return { width, height, rgb: rgbaToRgb(rgba, width * height) };
}

/** readImage, keeping alpha (RGBA). */
export function readImageRgba(path: string, what = 'image'): RgbaImage & { rgba: Uint8Array } {
  const bytes = readRegularFile(path, what, MAX_IMAGE_FILE_BYTES);
  try {
    return decodeImageRgba(bytes, 'the image');
  } catch (e) {
    throw new Error(`cannot use ${what} ${path}: ${(e as Error).message}`);
  }
}

/** PNG of interleaved 8-bit pixels with 1 (grey), 3 (RGB) or 4 (RGBA) channels. */
export function encodePng(pixels: Uint8Array, height: number, width: number, channels: 1 | 3 | 4): Uint8Array {
  if (pixels.length !== width * height * channels) {
    throw new Error(`png: ${pixels.length} values for ${width}×${height}×${channels}`);
  }
  const colorType = channels === 1 ? 0 : channels === 3 ? 2 : 6;
  const png = new PNG({ width, height, colorType, inputColorType: colorType, inputHasAlpha: channels === 4, bitDepth: 8 });
  png.data = Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  return PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: channels === 4, bitDepth: 8 });
}

export function encodeJpeg(rgb: Uint8Array, height: number, width: number, quality = 90): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba[4 * i] = rgb[3 * i];
    rgba[4 * i + 1] = rgb[3 * i + 1];
    rgba[4 * i + 2] = rgb[3 * i + 2];
    rgba[4 * i + 3] = 255;
  }
  return jpeg.encode({ data: rgba, width, height }, quality).data;
}

export function writePng(path: string, pixels: Uint8Array, height: number, width: number, channels: 1 | 3 | 4): void {
  writeFileSync(path, encodePng(pixels, height, width, channels));
}

/** 8-bit grey PNG ⇄ raw values (e.g. class indices, masks): reads the first channel. */
export function decodeGreyPng(bytes: Uint8Array): { width: number; height: number; values: Uint8Array } {
  readImageHeader(bytes);
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const n = png.width * png.height;
  const values = new Uint8Array(n);
  for (let i = 0; i < n; i++) values[i] = png.data[4 * i];
  return { width: png.width, height: png.height, values };
}

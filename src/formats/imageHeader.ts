// PNG and JPEG structure read without decoding: the size from the header, so an image too large
// is refused before any pixel buffer exists, and a file cut short is detected before a decoder
// fills the missing rows with black. Pure: the CLI and the browser both use it.
import { checkImagePixels } from './limits';

export interface ImageHeader {
  format: 'png' | 'jpeg';
  width: number;
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function u32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

function u16(b: Uint8Array, at: number): number {
  return (b[at] << 8) | b[at + 1];
}

function chunkType(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);
}

export function isPngSignature(b: Uint8Array): boolean {
  return b.length >= 8 && PNG_SIGNATURE.every((v, i) => b[i] === v);
}

export function isJpegSignature(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

/** Walks the chunks: IHDR first, at least one IDAT, every chunk whole, IEND reached. */
function readPng(b: Uint8Array): ImageHeader {
  if (b.length < 33 || chunkType(b, 12) !== 'IHDR') throw new Error('the PNG file is damaged (no IHDR header)');
  const width = u32(b, 16);
  const height = u32(b, 20);
  let at = 8;
  let sawData = false;
  for (;;) {
    if (at + 12 > b.length) throw new Error('the PNG file is truncated (it ends before its IEND chunk)');
    const length = u32(b, at);
    const type = chunkType(b, at + 4);
    if (at + 12 + length > b.length) throw new Error(`the PNG file is truncated (its ${type} chunk is cut short)`);
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') break;
    at += 12 + length;
  }
  if (!sawData) throw new Error('the PNG file is damaged (it has no image data)');
  return { format: 'png', width, height };
}

function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Walks the segments up to the scan: the frame header gives the size; the file must end its scan. */
function readJpeg(b: Uint8Array): ImageHeader {
  let at = 2;
  let size: { width: number; height: number } | null = null;
  for (;;) {
    while (at < b.length && b[at] === 0xff && b[at + 1] === 0xff) at++; // fill bytes
    if (at + 4 > b.length) throw new Error('the JPEG file is truncated (it ends before its image data)');
    if (b[at] !== 0xff) throw new Error('the JPEG file is damaged (a segment marker is missing)');
    const marker = b[at + 1];
    const length = u16(b, at + 2);
    if (length < 2 || at + 2 + length > b.length) throw new Error('the JPEG file is truncated (a header segment is cut short)');
    if (isStartOfFrame(marker)) {
      if (length < 8) throw new Error('the JPEG file is damaged (its frame header is too short)');
      size = { height: u16(b, at + 5), width: u16(b, at + 7) };
    }
    if (marker === 0xda) {
      at += 2 + length;
      break;
    }
    at += 2 + length;
  }
  if (!size) throw new Error('the JPEG file is damaged (no frame header before its image data)');
  let end = b.length;
  while (end > at && b[end - 1] === 0x00) end--; // some writers pad after the end marker
  if (!(end - 2 >= at && b[end - 2] === 0xff && b[end - 1] === 0xd9)) {
    throw new Error('the JPEG file is truncated (it has no end-of-image marker)');
  }
  return { format: 'jpeg', ...size };
}

/**
 * The format and size of a PNG or JPEG file, after checking its structure is whole and its
 * pixel count is within MAX_IMAGE_PIXELS. `name` starts the size message.
 */
export function readImageHeader(bytes: Uint8Array, name = 'the image'): ImageHeader {
  let header: ImageHeader;
  if (isPngSignature(bytes)) header = readPng(bytes);
  else if (isJpegSignature(bytes)) header = readJpeg(bytes);
  else throw new Error(bytes.length === 0 ? 'the file is empty' : 'not a PNG or JPEG file');
  if (header.width === 0 || header.height === 0) {
    throw new Error(`the ${header.format.toUpperCase()} header gives a size of ${header.width}×${header.height}`);
  }
  checkImagePixels(name, header.height, header.width);
  return header;
}

// Turning an image source into pixels, in the browser: scenes by seed, URLs, files, pastes.
import { generateScene } from '../../scenes/generate';
import type { BiasName } from '../../scenes/types';
import { rgbToRgba } from '../../imaging/rgba';
import type { DisplayImage } from '../store';
import { isJpegSignature, isPngSignature, readImageHeader } from '../../formats/imageHeader';
import { checkImagePixels, formatBytes, MAX_IMAGE_FILE_BYTES } from '../../formats/limits';
import { readBodyCapped } from '../../formats/readBodyCapped';

/** Scenes are shown at twice the shipped model's input, so the 2:1 letterbox is an exact 2× shrink. */
export const SCENE_DISPLAY_SIZE = { height: 256, width: 512 };

export function sceneImage(seed: number, bias?: BiasName): DisplayImage {
  const scene = generateScene(seed, { ...SCENE_DISPLAY_SIZE, bias: bias ? { name: bias } : undefined });
  return { rgba: rgbToRgba(scene.image), height: scene.height, width: scene.width };
}

/** PNG and JPEG are checked from their header (size, file cut short) before the browser decodes. */
async function checkBeforeDecoding(blob: Blob, name: string): Promise<void> {
  if (blob.size > MAX_IMAGE_FILE_BYTES) {
    throw new Error(`${name} is ${formatBytes(blob.size)}; image files may be at most ${formatBytes(MAX_IMAGE_FILE_BYTES)}.`);
  }
  const bytes = new Uint8Array(await blob.arrayBuffer());
  if (!isPngSignature(bytes) && !isJpegSignature(bytes)) return; // WebP, GIF…: checked after decoding
  try {
    readImageHeader(bytes, name);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    throw new Error(text.startsWith(name) ? `${text}.` : `${name}: ${text}.`);
  }
}

/** Decodes with the browser's codecs (createImageBitmap, OffscreenCanvas): page or worker only. */
export async function decodeImageBlob(blob: Blob, name: string): Promise<DisplayImage> {
  await checkBeforeDecoding(blob, name);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new Error(`${name} is not an image the browser can decode (${blob.type || 'unknown type'}).`);
  }
  try {
    const { width, height } = bitmap;
    checkImagePixels(name, height, width);
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('No 2D canvas context is available.');
    context.drawImage(bitmap, 0, 0);
    return { rgba: context.getImageData(0, 0, width, height).data, height, width };
  } finally {
    bitmap.close();
  }
}

/** How the bridge turns sources into pixels; tests pass their own. */
export interface ImageDecoder {
  scene(seed: number, bias?: BiasName): DisplayImage;
  decode(blob: Blob, name: string): Promise<DisplayImage>;
}

export const BROWSER_IMAGES: ImageDecoder = { scene: sceneImage, decode: decodeImageBlob };

export async function fetchImage(url: string, fetchFn: typeof fetch, images: ImageDecoder, signal?: AbortSignal): Promise<DisplayImage> {
  let response: Response;
  try {
    response = await fetchFn(url, { signal });
  } catch (error) {
    throw new Error(`Could not fetch the image ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new Error(`Could not fetch the image ${url}: HTTP ${response.status}.`);
  const bytes = await readBodyCapped(response, MAX_IMAGE_FILE_BYTES, (size) => `The image ${url} is ${size}; image files may be at most ${formatBytes(MAX_IMAGE_FILE_BYTES)}.`);
  return images.decode(new Blob([bytes as BlobPart], { type: response.headers.get('content-type') ?? '' }), url);
}

// Turning an image source into pixels, in the browser: scenes by seed, URLs, files, pastes.
import { generateScene } from '../../scenes/generate';
import { rgbToRgba } from '../../imaging/rgba';
import type { DisplayImage } from '../store';

/** Scenes are shown at twice the shipped model's input, so the 2:1 letterbox is an exact 2× shrink. */
export const SCENE_DISPLAY_SIZE = { height: 256, width: 512 };

export function sceneImage(seed: number): DisplayImage {
  const scene = generateScene(seed, SCENE_DISPLAY_SIZE);
  return { rgba: rgbToRgba(scene.image), height: scene.height, width: scene.width };
}

const MAX_IMAGE_PIXELS = 4096 * 4096;

/** Decodes with the browser's codecs (createImageBitmap, OffscreenCanvas): page or worker only. */
export async function decodeImageBlob(blob: Blob, name: string): Promise<DisplayImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new Error(`${name} is not an image the browser can decode (${blob.type || 'unknown type'}).`);
  }
  try {
    const { width, height } = bitmap;
    if (width * height > MAX_IMAGE_PIXELS) throw new Error(`${name} is too large (${width}×${height}).`);
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
  scene(seed: number): DisplayImage;
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
  return images.decode(await response.blob(), url);
}

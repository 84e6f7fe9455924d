// Turning an image source into pixels, in the browser: scenes by seed, URLs, files, pastes.
import { rgbToRgba } from '../lib/heatmapImage';
import type { DisplayImage } from '../../state/store';

/** Scenes are shown at twice the shipped model's input, so the 2:1 letterbox is an exact 2× shrink. */
export const SCENE_DISPLAY_SIZE = { height: 256, width: 512 };

export function sceneImage(seed: number): DisplayImage {
  const scene = placeholderScene(seed, SCENE_DISPLAY_SIZE);
  return { rgba: rgbToRgba(scene.image), height: scene.height, width: scene.width };
}

const MAX_IMAGE_PIXELS = 4096 * 4096;

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

export async function fetchImage(url: string): Promise<DisplayImage> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`Could not fetch the image ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new Error(`Could not fetch the image ${url}: HTTP ${response.status}.`);
  return decodeImageBlob(await response.blob(), url);
}

// TEMPORARY until src/scenes/generate.ts lands.
function placeholderScene(seed: number, size: { height: number; width: number }): { image: Uint8Array; height: number; width: number } {
  const { height, width } = size;
  const image = new Uint8Array(height * width * 3);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const o = (r * width + c) * 3;
      const horizon = height * 0.45;
      const color = r < horizon * 0.6 ? [90, 140, 200] : r < horizon ? [80 + ((c * 7 + seed) % 40), 80, 80] : [110, 90, 110];
      if (r > horizon && Math.abs(c - width / 2 - seed % 50) < 30 && r < horizon + 40) color.splice(0, 3, 20, 20, 140);
      image.set(color, o);
    }
  }
  return { image, height, width };
}

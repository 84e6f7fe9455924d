import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { readImage } from './image';
import { resizeRgbBilinear } from './resize';

const KITTI = fileURLToPath(new URL('../../../shared/fixtures/kitti', import.meta.url));

function tfjsResize(pixels: Uint8Array, h: number, w: number, H: number, W: number, c: number): Uint8Array {
  return tf.tidy(() => {
    const img = tf.cast(tf.tensor3d(pixels, [h, w, c], 'int32'), 'float32');
    const r = tf.image.resizeBilinear(img, [H, W]);
    return new Uint8Array(tf.cast(tf.clipByValue(tf.round(r), 0, 255), 'int32').dataSync());
  });
}

describe('resizeRgbBilinear', () => {
  it('equals tf.image.resizeBilinear (defaults) + round + clip on random images', async () => {
    await tf.setBackend('cpu');
    let seed = 12345;
    const rand = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) & 255;
    for (const [h, w, H, W, c] of [[5, 7, 12, 3, 3], [31, 17, 8, 40, 3], [9, 9, 9, 9, 1], [20, 30, 7, 11, 4]]) {
      const px = new Uint8Array(h * w * c).map(() => rand());
      expect(Array.from(resizeRgbBilinear(px, h, w, H, W, c))).toEqual(Array.from(tfjsResize(px, h, w, H, W, c)));
    }
  });

  it('same size is the identity', () => {
    const px = new Uint8Array(4 * 6 * 3).map((_, i) => (i * 37) & 255);
    expect(Array.from(resizeRgbBilinear(px, 4, 6, 4, 6))).toEqual(Array.from(px));
  });

  it('rejects a pixel count that does not match the size', () => {
    expect(() => resizeRgbBilinear(new Uint8Array(10), 2, 2, 4, 4)).toThrow(/10 values for 2×2×3/);
  });

  it.skipIf(!existsSync(KITTI))('reproduces the fixture demo2_384x768.png from demo2.png exactly', () => {
    const full = readImage(`${KITTI}/demo2.png`);
    const ref = readImage(`${KITTI}/demo2_384x768.png`);
    expect([ref.height, ref.width]).toEqual([384, 768]);
    const mine = resizeRgbBilinear(full.rgb, full.height, full.width, 384, 768);
    let differing = 0;
    for (let i = 0; i < mine.length; i++) if (mine[i] !== ref.rgb[i]) differing++;
    expect(differing).toBe(0);
  });
});

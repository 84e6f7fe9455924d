import { describe, expect, it } from 'vitest';
import { contentRectOnGrid, fitImage, fitMapping, imageToModel, modelPixelAt, modelToImage } from './fitImage';

function solidRgba(width: number, height: number, color: [number, number, number, number]): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) out.set(color, i * 4);
  return out;
}

const rgbAt = (rgb: Uint8Array, width: number, row: number, col: number) =>
  Array.from(rgb.subarray((row * width + col) * 3, (row * width + col) * 3 + 3));

describe('fitMapping (letterbox)', () => {
  it('an image of the model size maps onto itself', () => {
    const m = fitMapping({ width: 256, height: 128 }, { width: 256, height: 128 });
    expect(m.content).toEqual({ x: 0, y: 0, width: 256, height: 128 });
    expect(m.scaleX).toBe(1);
    expect(m.scaleY).toBe(1);
  });

  it('a wide photo (KITTI-like) fills the width and is padded above and below', () => {
    const m = fitMapping({ width: 1242, height: 375 }, { width: 256, height: 128 });
    expect(m.content.width).toBe(256);
    expect(m.content.height).toBe(Math.round(375 * (256 / 1242)));
    expect(m.content.x).toBe(0);
    expect(m.content.y).toBe(Math.floor((128 - m.content.height) / 2));
    expect(m.scaleX).toBeCloseTo(m.scaleY, 2); // aspect ratio kept
  });

  it('a tall image fills the height and is padded left and right', () => {
    const m = fitMapping({ width: 300, height: 600 }, { width: 256, height: 128 });
    expect(m.content).toEqual({ x: 96, y: 0, width: 64, height: 128 });
  });

  it('maps points both ways and round-trips', () => {
    const m = fitMapping({ width: 640, height: 480 }, { width: 256, height: 128 });
    const centre = imageToModel(m, 320, 240);
    // The image centre lands on the centre of the content rectangle (within the rounding of the padding).
    expect(centre.x).toBeCloseTo(m.content.x + m.content.width / 2, 5);
    expect(centre.y).toBeCloseTo(m.content.y + m.content.height / 2, 5);
    expect(Math.abs(centre.x - 128)).toBeLessThanOrEqual(0.5);
    const back = modelToImage(m, centre.x, centre.y);
    expect(back.x).toBeCloseTo(320, 5);
    expect(back.y).toBeCloseTo(240, 5);
    expect(imageToModel(m, 0, 0)).toEqual({ x: m.content.x, y: m.content.y });
  });

  it('finds the model pixel under an image point, null outside the image', () => {
    const m = fitMapping({ width: 1024, height: 512 }, { width: 256, height: 128 });
    expect(modelPixelAt(m, 0, 0)).toEqual({ row: 0, col: 0 });
    expect(modelPixelAt(m, 1023.9, 511.9)).toEqual({ row: 127, col: 255 });
    expect(modelPixelAt(m, 9, 5)).toEqual({ row: 1, col: 2 });
    expect(modelPixelAt(m, -1, 5)).toBeNull();
    expect(modelPixelAt(m, 1024, 5)).toBeNull();
  });

  it('expresses the content rectangle on a coarser grid', () => {
    const m = fitMapping({ width: 100, height: 100 }, { width: 256, height: 128 });
    expect(contentRectOnGrid(m, { width: 16, height: 8 })).toEqual({ x: 4, y: 0, width: 8, height: 8 });
  });

  it('rejects empty sizes', () => {
    expect(() => fitMapping({ width: 0, height: 10 }, { width: 256, height: 128 })).toThrow(/positive/);
  });
});

describe('fitImage', () => {
  it('keeps an image of the model size exactly', () => {
    const w = 8;
    const h = 4;
    const rgba = new Uint8ClampedArray(w * h * 4);
    for (let i = 0; i < w * h; i++) rgba.set([i, 2 * i, 255 - i, 255], i * 4);
    const { rgb } = fitImage(rgba, w, h, { width: w, height: h });
    for (let i = 0; i < w * h; i++) expect(Array.from(rgb.subarray(i * 3, i * 3 + 3))).toEqual([i, 2 * i, 255 - i]);
  });

  it('pads with black outside the content and keeps a flat colour flat inside', () => {
    const { rgb, mapping } = fitImage(solidRgba(90, 30, [200, 100, 50, 255]), 90, 30, { width: 32, height: 16 });
    const { content } = mapping;
    expect(content.y).toBeGreaterThan(0);
    for (let r = 0; r < 16; r++) {
      for (let c = 0; c < 32; c++) {
        const inside = r >= content.y && r < content.y + content.height && c >= content.x && c < content.x + content.width;
        expect(rgbAt(rgb, 32, r, c)).toEqual(inside ? [200, 100, 50] : [0, 0, 0]);
      }
    }
  });

  it('averages when shrinking (a fine checkerboard becomes grey, not aliased)', () => {
    const w = 64;
    const h = 32;
    const rgba = new Uint8ClampedArray(w * h * 4);
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) rgba.set((r + c) % 2 ? [255, 255, 255, 255] : [0, 0, 0, 255], (r * w + c) * 4);
    const { rgb } = fitImage(rgba, w, h, { width: 8, height: 4 });
    for (const v of rgb) expect(Math.abs(v - 127.5)).toBeLessThan(20);
  });

  it('composites transparent pixels onto black', () => {
    const { rgb } = fitImage(solidRgba(2, 1, [200, 100, 50, 0]), 2, 1, { width: 2, height: 1 });
    expect(Array.from(rgb)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('rejects a buffer of the wrong length', () => {
    expect(() => fitImage(new Uint8ClampedArray(10), 2, 2, { width: 2, height: 2 })).toThrow(/RGBA/);
  });
});

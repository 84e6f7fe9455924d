import { describe, expect, it } from 'vitest';
import {
  contentRectOnGrid,
  FIT_MODES,
  fitImage,
  fitMapping,
  gridCellOnImage,
  imageToModel,
  modelPixelAt,
  modelToImage,
  sameGeometry,
  type FitMode,
} from './fitImage';

function solidRgba(width: number, height: number, color: [number, number, number, number]): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) out.set(color, i * 4);
  return out;
}

const rgbAt = (rgb: Uint8Array, width: number, row: number, col: number) =>
  Array.from(rgb.subarray((row * width + col) * 3, (row * width + col) * 3 + 3));

describe('fitMapping (letterbox)', () => {
  it('an image of the model size maps onto itself', () => {
    const m = fitMapping({ width: 256, height: 128 }, { width: 256, height: 128 }, 'pad');
    expect(m.content).toEqual({ x: 0, y: 0, width: 256, height: 128 });
    expect(m.scaleX).toBe(1);
    expect(m.scaleY).toBe(1);
  });

  it('a wide photo (KITTI-like) fills the width and is padded above and below', () => {
    const m = fitMapping({ width: 1242, height: 375 }, { width: 256, height: 128 }, 'pad');
    expect(m.content.width).toBe(256);
    expect(m.content.height).toBe(Math.round(375 * (256 / 1242)));
    expect(m.content.x).toBe(0);
    expect(m.content.y).toBe(Math.floor((128 - m.content.height) / 2));
    expect(m.scaleX).toBeCloseTo(m.scaleY, 2); // aspect ratio kept
  });

  it('a tall image fills the height and is padded left and right', () => {
    const m = fitMapping({ width: 300, height: 600 }, { width: 256, height: 128 }, 'pad');
    expect(m.content).toEqual({ x: 96, y: 0, width: 64, height: 128 });
  });

  it('maps points both ways and round-trips', () => {
    const m = fitMapping({ width: 640, height: 480 }, { width: 256, height: 128 }, 'pad');
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
    const m = fitMapping({ width: 1024, height: 512 }, { width: 256, height: 128 }, 'pad');
    expect(modelPixelAt(m, 0, 0)).toEqual({ row: 0, col: 0 });
    expect(modelPixelAt(m, 1023.9, 511.9)).toEqual({ row: 127, col: 255 });
    expect(modelPixelAt(m, 9, 5)).toEqual({ row: 1, col: 2 });
    expect(modelPixelAt(m, -1, 5)).toBeNull();
    expect(modelPixelAt(m, 1024, 5)).toBeNull();
  });

  it('expresses the content rectangle on a coarser grid', () => {
    const m = fitMapping({ width: 100, height: 100 }, { width: 256, height: 128 }, 'pad');
    expect(contentRectOnGrid(m, { width: 16, height: 8 })).toEqual({ x: 4, y: 0, width: 8, height: 8 });
  });

  it('rejects empty sizes', () => {
    expect(() => fitMapping({ width: 0, height: 10 }, { width: 256, height: 128 }, 'pad')).toThrow(/positive/);
  });
});

describe('fitImage', () => {
  it('keeps an image of the model size exactly', () => {
    const w = 8;
    const h = 4;
    const rgba = new Uint8ClampedArray(w * h * 4);
    for (let i = 0; i < w * h; i++) rgba.set([i, 2 * i, 255 - i, 255], i * 4);
    const { rgb } = fitImage({ rgba, width: w, height: h }, { width: w, height: h }, 'pad');
    for (let i = 0; i < w * h; i++) expect(Array.from(rgb.subarray(i * 3, i * 3 + 3))).toEqual([i, 2 * i, 255 - i]);
  });

  it('pads with black outside the content and keeps a flat colour flat inside', () => {
    const { rgb, mapping } = fitImage({ rgba: solidRgba(90, 30, [200, 100, 50, 255]), width: 90, height: 30 }, { width: 32, height: 16 }, 'pad');
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
    const { rgb } = fitImage({ rgba, width: w, height: h }, { width: 8, height: 4 }, 'pad');
    for (const v of rgb) expect(Math.abs(v - 127.5)).toBeLessThan(20);
  });

  it('composites transparent pixels onto black', () => {
    const { rgb } = fitImage({ rgba: solidRgba(2, 1, [200, 100, 50, 0]), width: 2, height: 1 }, { width: 2, height: 1 }, 'pad');
    expect(Array.from(rgb)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('rejects a buffer of the wrong length', () => {
    expect(() => fitImage({ rgba: new Uint8ClampedArray(10), width: 2, height: 2 }, { width: 2, height: 2 }, 'pad')).toThrow(/RGBA/);
  });
});

/** A black image with one coloured square block of `size` pixels at (row, col). */
function blockRgba(width: number, height: number, row: number, col: number, size: number, color: [number, number, number]): Uint8ClampedArray {
  const out = solidRgba(width, height, [0, 0, 0, 255]);
  for (let r = row; r < row + size; r++) for (let c = col; c < col + size; c++) out.set([...color, 255], (r * width + c) * 4);
  return out;
}

const KITTI = { width: 1242, height: 375 };
const ESPNET = { width: 768, height: 384 };

describe('fitMapping (stretch)', () => {
  it('maps the whole image onto the whole input, aspect not kept', () => {
    const m = fitMapping(KITTI, ESPNET, 'stretch');
    expect(m.content).toEqual({ x: 0, y: 0, width: 768, height: 384 });
    expect(m.visible).toEqual({ x: 0, y: 0, width: 1242, height: 375 });
    expect(m.scaleX).toBeCloseTo(768 / 1242, 10);
    expect(m.scaleY).toBeCloseTo(384 / 375, 10);
    expect(imageToModel(m, 1242, 375)).toEqual({ x: 768, y: 384 });
    expect(modelPixelAt(m, 621, 374.9)).toEqual({ row: 383, col: 384 });
  });
});

describe('fitMapping (crop)', () => {
  it('a wide photo fills the height and loses its sides, centred', () => {
    const m = fitMapping(KITTI, ESPNET, 'crop');
    expect(m.content).toEqual({ x: 0, y: 0, width: 768, height: 384 });
    // Scale 384/375 covers the height; 768 / (384/375) = 750 image columns are seen.
    expect(m.visible).toEqual({ x: 246, y: 0, width: 750, height: 375 });
    expect(m.scaleX).toBeCloseTo(m.scaleY, 10);
    expect(imageToModel(m, 246, 0)).toEqual({ x: 0, y: 0 });
    const end = imageToModel(m, 246 + 750, 375);
    expect(end.x).toBeCloseTo(768, 10);
    expect(end.y).toBeCloseTo(384, 10);
  });

  it('a tall image loses its top and bottom', () => {
    const m = fitMapping({ width: 300, height: 600 }, { width: 256, height: 128 }, 'crop');
    expect(m.visible).toEqual({ x: 0, y: 225, width: 300, height: 150 });
  });

  it('clicks on the cropped-away sides hit nothing', () => {
    const m = fitMapping(KITTI, ESPNET, 'crop');
    expect(modelPixelAt(m, 245.9, 100)).toBeNull();
    expect(modelPixelAt(m, 996, 100)).toBeNull();
    expect(modelPixelAt(m, 246, 0)).toEqual({ row: 0, col: 0 });
    expect(modelPixelAt(m, 995.99, 374.99)).toEqual({ row: 383, col: 767 });
  });
});

describe('every fit mode', () => {
  const images = [KITTI, { width: 300, height: 600 }, { width: 512, height: 256 }, { width: 77, height: 13 }];
  for (const mode of FIT_MODES) {
    it(`${mode}: maps visible onto content and round-trips points`, () => {
      for (const image of images) {
        const m = fitMapping(image, ESPNET, mode);
        const { visible, content } = m;
        const start = imageToModel(m, visible.x, visible.y);
        const end = imageToModel(m, visible.x + visible.width, visible.y + visible.height);
        expect(start.x).toBeCloseTo(content.x, 9);
        expect(start.y).toBeCloseTo(content.y, 9);
        expect(end.x).toBeCloseTo(content.x + content.width, 9);
        expect(end.y).toBeCloseTo(content.y + content.height, 9);
        for (const [x, y] of [[0, 0], [image.width / 3, image.height / 2], [image.width - 0.5, image.height - 0.5]]) {
          const back = modelToImage(m, imageToModel(m, x, y).x, imageToModel(m, x, y).y);
          expect(back.x).toBeCloseTo(x, 9);
          expect(back.y).toBeCloseTo(y, 9);
        }
        // Sizes: whole pixels inside the bounds; stretch and crop fill the input, pad and stretch see the whole image.
        expect(content.x + content.width).toBeLessThanOrEqual(ESPNET.width);
        expect(visible.x + visible.width).toBeLessThanOrEqual(image.width);
        if (mode !== 'pad') expect(content).toEqual({ x: 0, y: 0, ...ESPNET });
        if (mode !== 'crop') expect(visible).toEqual({ x: 0, y: 0, ...image });
      }
    });
  }

  it('an image with the model aspect maps the same way in every mode', () => {
    const [stretch, pad, crop] = FIT_MODES.map((mode) => fitMapping({ width: 512, height: 256 }, ESPNET, mode));
    expect(sameGeometry(stretch, pad)).toBe(true);
    expect(sameGeometry(stretch, crop)).toBe(true);
    expect(sameGeometry(stretch, fitMapping(KITTI, ESPNET, 'stretch'))).toBe(false);
    expect(sameGeometry(fitMapping(KITTI, ESPNET, 'pad'), fitMapping(KITTI, ESPNET, 'crop'))).toBe(false);
  });

  it('a grid cell maps back to the image part it came from', () => {
    const m = fitMapping(KITTI, ESPNET, 'crop');
    const cell = gridCellOnImage(m, { width: 96, height: 48 }, 0, 0);
    expect(cell.x).toBeCloseTo(246, 9);
    expect(cell.y).toBeCloseTo(0, 9);
    expect(cell.width).toBeCloseTo(750 / 96, 9);
    expect(cell.height).toBeCloseTo(375 / 48, 9);
  });
});

describe('fitImage in every mode: a block of known colour lands where the mapping says', () => {
  const model = { width: 64, height: 32 };
  const width = 200;
  const height = 50;
  // A 10×10 red block centred at image (x, y) = (120, 20), inside the crop (image columns 50–150).
  const rgba = blockRgba(width, height, 15, 115, 10, [255, 0, 0]);
  const cases: [FitMode, [number, number]][] = [
    ['stretch', [64, 32]],
    ['pad', [64, 16]],
    ['crop', [64, 32]],
  ];
  for (const [mode, filled] of cases) {
    it(mode, () => {
      const { rgb, mapping } = fitImage({ rgba, width, height }, model, mode);
      expect(rgb.length).toBe(model.width * model.height * 3);
      expect([mapping.content.width, mapping.content.height]).toEqual(filled);
      const centre = imageToModel(mapping, 120, 20);
      const col = Math.floor(centre.x);
      const row = Math.floor(centre.y);
      const [red, green, blue] = rgbAt(rgb, model.width, row, col);
      expect(red).toBeGreaterThan(150);
      expect(green + blue).toBeLessThan(20);
      // Far from the block (in model pixels) the image is black.
      expect(rgbAt(rgb, model.width, (row + model.height / 2) % model.height, (col + model.width / 2) % model.width)).toEqual([0, 0, 0]);
    });
  }

  it('crop drops what lies outside the visible part', () => {
    // A white column band at the far left of a wide image: cropped away entirely.
    const rgbaBand = solidRgba(width, height, [0, 0, 0, 255]);
    for (let r = 0; r < height; r++) for (let c = 0; c < 20; c++) rgbaBand.set([255, 255, 255, 255], (r * width + c) * 4);
    const { rgb, mapping } = fitImage({ rgba: rgbaBand, width, height }, model, 'crop');
    expect(mapping.visible.x).toBeGreaterThan(20);
    expect(rgb.every((v) => v === 0)).toBe(true);
    const stretched = fitImage({ rgba: rgbaBand, width, height }, model, 'stretch');
    expect(rgbAt(stretched.rgb, model.width, 16, 0)).toEqual([255, 255, 255]);
  });
});

import { describe, expect, it } from 'vitest';
import { outputPixelAt } from './useMaskTools';
import { imageAreaMask } from '../../mask/imageArea';
import { fitMapping } from '../../imaging/fitImage';

describe('outputPixelAt', () => {
  it('maps image points through the fit to the output grid', () => {
    // 512×256 image onto a 256×128 input: an exact 2× shrink; output at input resolution.
    const fit = fitMapping({ height: 256, width: 512 }, { height: 128, width: 256 }, 'stretch');
    expect(outputPixelAt(fit, { height: 128, width: 256 }, 0.5, 0.5)).toEqual({ row: 0, col: 0 });
    expect(outputPixelAt(fit, { height: 128, width: 256 }, 511.5, 255.5)).toEqual({ row: 127, col: 255 });
    expect(outputPixelAt(fit, { height: 128, width: 256 }, 201, 99)).toEqual({ row: 49, col: 100 });
    // An output at half the input resolution.
    expect(outputPixelAt(fit, { height: 64, width: 128 }, 201, 99)).toEqual({ row: 24, col: 50 });
  });

  it('letterboxed images map into the content area only; outside the image is nothing', () => {
    // 200×200 image onto 128×256: scaled to 128×128, padded 64 columns on each side.
    const fit = fitMapping({ height: 200, width: 200 }, { height: 128, width: 256 }, 'pad');
    expect(outputPixelAt(fit, { height: 128, width: 256 }, 0, 0)).toEqual({ row: 0, col: 64 });
    expect(outputPixelAt(fit, { height: 128, width: 256 }, 199.9, 199.9)).toEqual({ row: 127, col: 191 });
    expect(outputPixelAt(fit, { height: 128, width: 256 }, -1, 10)).toBeNull();
    expect(outputPixelAt(fit, { height: 128, width: 256 }, 10, 200)).toBeNull();
  });
});

describe('outputPixelAt in the other fit modes', () => {
  // A KITTI-sized photo on the ESPNet input; the output at the input resolution.
  const image = { height: 375, width: 1242 };
  const model = { height: 384, width: 768 };

  it('stretch: the image corners are the grid corners, the bottom centre is the bottom centre', () => {
    const fit = fitMapping(image, model, 'stretch');
    expect(outputPixelAt(fit, model, 0, 0)).toEqual({ row: 0, col: 0 });
    expect(outputPixelAt(fit, model, 1241.9, 374.9)).toEqual({ row: 383, col: 767 });
    expect(outputPixelAt(fit, model, 621, 0.95 * 375)).toEqual({ row: Math.floor(0.95 * 384), col: 384 });
  });

  it('crop: only the centre of the photo maps; its sides are outside the grid', () => {
    const fit = fitMapping(image, model, 'crop');
    expect(outputPixelAt(fit, model, 100, 100)).toBeNull();
    expect(outputPixelAt(fit, model, 1100, 100)).toBeNull();
    expect(outputPixelAt(fit, model, 246, 0)).toEqual({ row: 0, col: 0 });
    expect(outputPixelAt(fit, { height: 48, width: 96 }, 995.9, 374.9)).toEqual({ row: 47, col: 95 });
    expect(imageAreaMask(fit, model).bits.every((v) => v === 1)).toBe(true);
  });
});

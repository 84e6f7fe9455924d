import { describe, expect, it } from 'vitest';
import { imageAreaMask, withinImage } from './imageArea';
import { intersectMasks, wholeImageMask } from './mask';
import { fitMapping } from '../imaging/fitImage';

describe('imageAreaMask', () => {
  it('is the whole grid for an exact fit and excludes letterbox padding otherwise', () => {
    const exact = fitMapping({ height: 256, width: 512 }, { height: 128, width: 256 }, 'stretch');
    expect(imageAreaMask(exact, { height: 128, width: 256 }).bits.every((v) => v === 1)).toBe(true);
    const padded = fitMapping({ height: 200, width: 200 }, { height: 128, width: 256 }, 'pad');
    const area = imageAreaMask(padded, { height: 128, width: 256 }).bits;
    expect(area.reduce((a, b) => a + b, 0)).toBe(128 * 128);
    expect(area[63]).toBe(0);
    expect(area[64]).toBe(1);
    expect(area[191]).toBe(1);
    expect(area[192]).toBe(0);
    // On a coarser output grid the same rectangle, scaled.
    expect(imageAreaMask(padded, { height: 64, width: 128 }).bits.reduce((a, b) => a + b, 0)).toBe(64 * 64);
  });

  it('intersect keeps what is in both', () => {
    const mask = (bits: number[]) => ({ height: 2, width: 2, bits: Uint8Array.from(bits) });
    expect(Array.from(intersectMasks(mask([1, 1, 0, 0]), mask([1, 0, 1, 0])).bits)).toEqual([1, 0, 0, 0]);
  });
});

describe('withinImage', () => {
  it('drops the letterbox padding from M, and leaves M alone without a fit', () => {
    const padded = fitMapping({ height: 200, width: 200 }, { height: 128, width: 256 }, 'pad');
    const all = wholeImageMask({ height: 128, width: 256 });
    expect(withinImage(all, padded).bits.reduce((a, b) => a + b, 0)).toBe(128 * 128);
    expect(withinImage(all, null)).toBe(all);
  });
});

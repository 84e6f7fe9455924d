import { describe, expect, it } from 'vitest';
import {
  bitmapMask,
  classMask,
  componentMask,
  maskOutline,
  maskSize,
  pixelMask,
  pixelsMask,
  resizeMaskNearest,
  wholeImageMask,
} from './masks';

// 4×5 label map with two separate regions of label 1 and a region of label 2.
const H = 4;
const W = 5;
// prettier-ignore
const LABELS = new Uint8Array([
  1, 1, 0, 2, 2,
  1, 0, 0, 2, 1,
  0, 0, 0, 0, 1,
  0, 0, 2, 0, 1,
]);

describe('masks', () => {
  it('pixelMask and pixelsMask set exactly the given pixels', () => {
    const m = pixelMask(H, W, 2, 3);
    expect(maskSize(m)).toBe(1);
    expect(m[2 * W + 3]).toBe(1);
    const ms = pixelsMask(H, W, [{ row: 0, col: 0 }, { row: 3, col: 4 }, { row: 0, col: 0 }]);
    expect(Array.from(ms.entries()).filter(([, v]) => v).map(([i]) => i)).toEqual([0, 19]);
  });

  it('rejects pixels outside the map', () => {
    expect(() => pixelMask(H, W, 4, 0)).toThrow(/outside the 4×5/);
    expect(() => pixelMask(H, W, 0, -1)).toThrow(/outside/);
    expect(() => pixelMask(H, W, 0.5, 1)).toThrow(/outside/);
  });

  it('wholeImageMask covers every pixel', () => {
    expect(maskSize(wholeImageMask(H, W))).toBe(H * W);
  });

  it('bitmapMask reads 0/1 arrays and RGBA alpha', () => {
    expect(Array.from(bitmapMask([0, 3, 0, 255], 2, 2))).toEqual([0, 1, 0, 1]);
    const rgba = new Uint8ClampedArray(16);
    rgba[7] = 10; // alpha of pixel 1
    rgba[0] = 255; // red of pixel 0, alpha 0: not painted
    expect(Array.from(bitmapMask(rgba, 2, 2))).toEqual([0, 1, 0, 0]);
    expect(() => bitmapMask([1, 2, 3], 2, 2)).toThrow(/expected 4 .* or 16/);
  });

  it('classMask selects all pixels of a label', () => {
    expect(maskSize(classMask(LABELS, 1))).toBe(6);
    expect(maskSize(classMask(LABELS, 7))).toBe(0);
  });

  it('componentMask is the 4-connected component only', () => {
    const left = componentMask(LABELS, H, W, 0, 0);
    expect(Array.from(left.entries()).filter(([, v]) => v).map(([i]) => i)).toEqual([0, 1, 5]);
    const right = componentMask(LABELS, H, W, 3, 4);
    expect(Array.from(right.entries()).filter(([, v]) => v).map(([i]) => i)).toEqual([9, 14, 19]);
    // label 2 at (3,2) is diagonal-free and isolated
    expect(maskSize(componentMask(LABELS, H, W, 3, 2))).toBe(1);
    // the zeros form one component of 10 pixels
    expect(maskSize(componentMask(LABELS, H, W, 2, 0))).toBe(10);
  });

  it('componentMask handles a large single region without recursion limits', () => {
    const big = new Uint8Array(512 * 1024).fill(3);
    expect(maskSize(componentMask(big, 512, 1024, 100, 100))).toBe(512 * 1024);
  });

  it('maskOutline keeps the border pixels of M', () => {
    const m = wholeImageMask(4, 4);
    const o = maskOutline(m, 4, 4);
    expect(maskSize(o)).toBe(12); // all but the 2×2 interior
    expect(o[5]).toBe(0);
    const single = pixelMask(3, 3, 1, 1);
    expect(Array.from(maskOutline(single, 3, 3))).toEqual(Array.from(single));
    expect(maskSize(maskOutline(new Uint8Array(9), 3, 3))).toBe(0);
  });

  it('resizeMaskNearest scales up and down', () => {
    const m = pixelMask(2, 2, 0, 1);
    const up = resizeMaskNearest(m, 2, 2, 4, 6);
    expect(maskSize(up)).toBe(6);
    expect(up[0 * 6 + 3]).toBe(1);
    expect(up[1 * 6 + 5]).toBe(1);
    expect(up[2 * 6 + 5]).toBe(0);
    const down = resizeMaskNearest(up, 4, 6, 2, 2);
    expect(Array.from(down)).toEqual(Array.from(m));
    expect(Array.from(resizeMaskNearest(m, 2, 2, 2, 2))).toEqual(Array.from(m));
  });
});

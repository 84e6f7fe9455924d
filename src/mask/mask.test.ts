import { describe, expect, it } from 'vitest';
import {
  bitmapMask,
  classMask,
  emptyMask,
  firstMaskIndex,
  intersectMasks,
  isEmptyMask,
  maskOutline,
  maskSize,
  objectMask,
  pixelMask,
  pixelsMask,
  rectMask,
  resizeMaskNearest,
  unionMasks,
  wholeImageMask,
  withPixel,
  type Mask,
} from './mask';

// 4×5 label map with two separate regions of label 1 and a region of label 2.
const H = 4;
const W = 5;
const SIZE = { height: H, width: W };
// prettier-ignore
const LABELS = {
  height: H,
  width: W,
  labels: new Uint8Array([
    1, 1, 0, 2, 2,
    1, 0, 0, 2, 1,
    0, 0, 0, 0, 1,
    0, 0, 2, 0, 1,
  ]),
};

const setIndices = (m: Mask): number[] => Array.from(m.bits.entries()).filter(([, v]) => v).map(([i]) => i);

describe('masks', () => {
  it('pixelMask and pixelsMask set exactly the given pixels', () => {
    const m = pixelMask(SIZE, { row: 2, col: 3 });
    expect(maskSize(m)).toBe(1);
    expect(m.bits[2 * W + 3]).toBe(1);
    expect([m.height, m.width]).toEqual([H, W]);
    const ms = pixelsMask(SIZE, [{ row: 0, col: 0 }, { row: 3, col: 4 }, { row: 0, col: 0 }]);
    expect(setIndices(ms)).toEqual([0, 19]);
  });

  it('rejects pixels outside the map', () => {
    expect(() => pixelMask(SIZE, { row: 4, col: 0 })).toThrow(/outside the 4×5/);
    expect(() => pixelMask(SIZE, { row: 0, col: -1 })).toThrow(/outside/);
    expect(() => pixelMask(SIZE, { row: 0.5, col: 1 })).toThrow(/outside/);
  });

  it('wholeImageMask covers every pixel', () => {
    expect(maskSize(wholeImageMask(SIZE))).toBe(H * W);
  });

  it('bitmapMask reads 0/1 arrays and RGBA alpha', () => {
    const two = { height: 2, width: 2 };
    expect(Array.from(bitmapMask([0, 3, 0, 255], two).bits)).toEqual([0, 1, 0, 1]);
    const rgba = new Uint8ClampedArray(16);
    rgba[7] = 10; // alpha of pixel 1
    rgba[0] = 255; // red of pixel 0, alpha 0: not painted
    expect(Array.from(bitmapMask(rgba, two).bits)).toEqual([0, 1, 0, 0]);
    expect(() => bitmapMask([1, 2, 3], two)).toThrow(/expected 4 .* or 16/);
  });

  it('classMask selects all pixels of a label', () => {
    expect(maskSize(classMask(LABELS, 1))).toBe(6);
    expect(maskSize(classMask(LABELS, 7))).toBe(0);
  });

  it('objectMask is the 4-connected component only', () => {
    expect(setIndices(objectMask(LABELS, { row: 0, col: 0 }))).toEqual([0, 1, 5]);
    expect(setIndices(objectMask(LABELS, { row: 3, col: 4 }))).toEqual([9, 14, 19]);
    // label 2 at (3,2) is diagonal-free and isolated
    expect(maskSize(objectMask(LABELS, { row: 3, col: 2 }))).toBe(1);
    // the zeros form one component of 10 pixels
    expect(maskSize(objectMask(LABELS, { row: 2, col: 0 }))).toBe(10);
  });

  it('objectMask handles a large single region without recursion limits', () => {
    const big = { height: 512, width: 1024, labels: new Uint8Array(512 * 1024).fill(3) };
    expect(maskSize(objectMask(big, { row: 100, col: 100 }))).toBe(512 * 1024);
  });

  it('maskOutline keeps the border pixels of M', () => {
    const four = { height: 4, width: 4 };
    const o = maskOutline(wholeImageMask(four));
    expect(maskSize(o)).toBe(12); // all but the 2×2 interior
    expect(o.bits[5]).toBe(0);
    const single = pixelMask({ height: 3, width: 3 }, { row: 1, col: 1 });
    expect(Array.from(maskOutline(single).bits)).toEqual(Array.from(single.bits));
    expect(maskSize(maskOutline(emptyMask({ height: 3, width: 3 })))).toBe(0);
  });

  it('resizeMaskNearest scales up and down', () => {
    const m = pixelMask({ height: 2, width: 2 }, { row: 0, col: 1 });
    const up = resizeMaskNearest(m, { height: 4, width: 6 });
    expect(maskSize(up)).toBe(6);
    expect(up.bits[0 * 6 + 3]).toBe(1);
    expect(up.bits[1 * 6 + 5]).toBe(1);
    expect(up.bits[2 * 6 + 5]).toBe(0);
    const down = resizeMaskNearest(up, { height: 2, width: 2 });
    expect(Array.from(down.bits)).toEqual(Array.from(m.bits));
    expect(Array.from(resizeMaskNearest(m, { height: 2, width: 2 }).bits)).toEqual(Array.from(m.bits));
  });

  it('union, intersection and adding a pixel agree with a per-pixel OR / AND', () => {
    const a = classMask(LABELS, 1);
    const b = classMask(LABELS, 2);
    const whole = wholeImageMask(SIZE);
    const u = unionMasks(a, b);
    const i = intersectMasks(u, objectMask(LABELS, { row: 0, col: 0 }));
    for (let k = 0; k < H * W; k++) {
      expect(u.bits[k]).toBe(LABELS.labels[k] === 1 || LABELS.labels[k] === 2 ? 1 : 0);
      expect(i.bits[k]).toBe([0, 1, 5].includes(k) ? 1 : 0);
    }
    expect(Array.from(intersectMasks(a, whole).bits)).toEqual(Array.from(a.bits));
    expect(() => unionMasks(a, emptyMask({ height: 5, width: 4 }))).toThrow(/differ in size/);
    const added = withPixel(a, { row: 3, col: 3 });
    expect(setIndices(added)).toEqual([...setIndices(a), 18].sort((x, y) => x - y));
    expect(a.bits[18]).toBe(0); // the original is left alone
  });

  it('rectMask takes the pixels whose centres lie in the rectangle; empty and first-pixel queries', () => {
    const m = rectMask(SIZE, { x: 1, y: 0.5, width: 2, height: 2 });
    // centres at col 1.5, 2.5 and row 0.5, 1.5, 2.5 (edges count)
    expect(setIndices(m)).toEqual([1, 2, 6, 7, 11, 12]);
    expect(firstMaskIndex(m)).toBe(1);
    expect(isEmptyMask(m)).toBe(false);
    expect(isEmptyMask(emptyMask(SIZE))).toBe(true);
    expect(firstMaskIndex(emptyMask(SIZE))).toBe(-1);
  });
});

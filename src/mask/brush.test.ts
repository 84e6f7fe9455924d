import { describe, expect, it } from 'vitest';
import { paintDisc, paintStroke } from './brush';
import { emptyMask, type Mask } from './mask';

const count = (m: Mask): number => m.bits.reduce((a, b) => a + b, 0);

describe('brush', () => {
  it('a disc covers about π r² pixels around its centre and clips at the border', () => {
    const mask = emptyMask({ height: 40, width: 40 });
    paintDisc(mask, { row: 20, col: 20 }, 10, 1);
    expect(count(mask)).toBeGreaterThan(70);
    expect(count(mask)).toBeLessThan(90);
    expect(mask.bits[20 * 40 + 20]).toBe(1);
    expect(mask.bits[20 * 40 + 26]).toBe(0);
    const corner = emptyMask({ height: 40, width: 40 });
    paintDisc(corner, { row: 0, col: 0 }, 10, 1);
    expect(count(corner)).toBeGreaterThan(15);
    expect(count(corner)).toBeLessThan(count(mask) / 2);
  });

  it('diameter 1 paints exactly one pixel; the eraser clears', () => {
    const mask = emptyMask({ height: 3, width: 3 });
    paintDisc(mask, { row: 1, col: 1 }, 1, 1);
    expect(Array.from(mask.bits)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0]);
    paintDisc(mask, { row: 1, col: 1 }, 3, 0);
    expect(count(mask)).toBe(0);
  });

  it('a stroke leaves no gaps between far-apart points', () => {
    const mask = emptyMask({ height: 10, width: 50 });
    paintStroke(mask, { row: 5, col: 2 }, { row: 5, col: 47 }, 1, 1);
    for (let c = 2; c <= 47; c++) expect(mask.bits[5 * 50 + c]).toBe(1);
    expect(count(mask)).toBe(46);
  });
});

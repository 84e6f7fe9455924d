import { describe, expect, it } from 'vitest';
import { paintDisc, paintStroke } from './brush';

const count = (m: Uint8Array): number => m.reduce((a, b) => a + b, 0);

describe('brush', () => {
  it('a disc covers about π r² pixels around its centre and clips at the border', () => {
    const mask = new Uint8Array(40 * 40);
    paintDisc(mask, 40, 40, 20, 20, 10, 1);
    expect(count(mask)).toBeGreaterThan(70);
    expect(count(mask)).toBeLessThan(90);
    expect(mask[20 * 40 + 20]).toBe(1);
    expect(mask[20 * 40 + 26]).toBe(0);
    const corner = new Uint8Array(40 * 40);
    paintDisc(corner, 40, 40, 0, 0, 10, 1);
    expect(count(corner)).toBeGreaterThan(15);
    expect(count(corner)).toBeLessThan(count(mask) / 2);
  });

  it('diameter 1 paints exactly one pixel; the eraser clears', () => {
    const mask = new Uint8Array(9);
    paintDisc(mask, 3, 3, 1, 1, 1, 1);
    expect(Array.from(mask)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0]);
    paintDisc(mask, 3, 3, 1, 1, 3, 0);
    expect(count(mask)).toBe(0);
  });

  it('a stroke leaves no gaps between far-apart points', () => {
    const mask = new Uint8Array(10 * 50);
    paintStroke(mask, 10, 50, { row: 5, col: 2 }, { row: 5, col: 47 }, 1, 1);
    for (let c = 2; c <= 47; c++) expect(mask[5 * 50 + c]).toBe(1);
    expect(count(mask)).toBe(46);
  });
});

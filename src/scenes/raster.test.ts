import { describe, expect, it } from 'vitest';
import { Raster } from './raster';
import { Camera } from './camera';

function blank(w: number, h: number): Raster {
  return new Raster(w, h, new Float32Array(h).fill(Infinity));
}

describe('Raster', () => {
  it('labels exactly the pixels whose centres a polygon covers', () => {
    const r = blank(8, 8);
    // Triangle with the right angle at (0, 0): covers centres with x + y < 6.
    r.polygon([0, 0, 6, 0, 0, 6], { label: 3, color: [10, 20, 30] });
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) {
        const inside = x + 0.5 + (y + 0.5) < 6;
        expect(r.labels[y * 8 + x], `(${x}, ${y})`).toBe(inside ? 3 : 255);
      }
    }
    expect(Array.from(r.rgb.subarray(0, 3))).toEqual([10, 20, 30]);
  });

  it('cuts holes with the even-odd rule and with ellipse holes', () => {
    const r = blank(10, 10);
    r.polygon([[0, 0, 10, 0, 10, 10, 0, 10], [3, 3, 7, 3, 7, 7, 3, 7]], { label: 1, color: [0, 0, 0] });
    expect(r.labels[5 * 10 + 5]).toBe(255);
    expect(r.labels[1 * 10 + 1]).toBe(1);
    const e = blank(21, 21);
    e.ellipse(10.5, 10.5, 10, 10, { label: 2, color: [0, 0, 0] }, 0.5);
    expect(e.labels[10 * 21 + 10]).toBe(255); // centre is in the hole
    expect(e.labels[10 * 21 + 2]).toBe(2); // ring
    expect(e.labels[0]).toBe(255); // corner outside
  });

  it('decals change RGB only; later shapes win; instances follow labels', () => {
    const r = blank(4, 1);
    r.rect(0, 0, 4, 1, { label: 0, instance: 7, color: [100, 100, 100], depth: 5 });
    r.rect(0, 0, 2, 1, { label: null, multiply: true, color: [0.5, 0.5, 0.5] });
    r.rect(3, 0, 4, 1, { label: 13, color: [0, 0, 200], depth: 2 });
    expect(Array.from(r.labels)).toEqual([0, 0, 0, 13]);
    expect(Array.from(r.instances)).toEqual([7, 7, 7, 0]);
    expect(r.rgb[0]).toBe(50);
    expect(r.rgb[2 * 3]).toBe(100);
    expect(Array.from(r.depth)).toEqual([5, 5, 5, 2]);
  });
});

describe('Camera', () => {
  it('puts the ground at distance Z on the row whose ground depth is Z', () => {
    const cam = new Camera(256, 128, 160, 50, 128, 1.5, 0.002);
    for (const Z of [3, 10, 40]) {
      const y = cam.y(0, Z) - 0.5; // row whose centre is the projected point
      expect(cam.groundDepth(y)).toBeCloseTo(Z, 6);
    }
    // Farther is higher in the image and closer to the vanishing point.
    expect(cam.y(0, 50)).toBeLessThan(cam.y(0, 10));
    expect(Math.abs(cam.x(2, 100) - cam.x(-2, 100))).toBeLessThan(Math.abs(cam.x(2, 10) - cam.x(-2, 10)));
  });
});

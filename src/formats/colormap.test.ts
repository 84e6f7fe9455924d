import { describe, expect, it } from 'vitest';
import { COLORMAPS, colormap, colormapLut, isColormapName, type RGB } from './colormap';

const luminance = ([r, g, b]: RGB) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
const maxChannelError = (a: RGB, b: RGB) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

describe('colormap', () => {
  it('clamps t outside [0, 1] and treats NaN as 0', () => {
    for (const name of COLORMAPS) {
      expect(colormap(name, -3)).toEqual(colormap(name, 0));
      expect(colormap(name, 7)).toEqual(colormap(name, 1));
      expect(colormap(name, Number.NaN)).toEqual(colormap(name, 0));
    }
  });

  it('returns integer channels in 0..255', () => {
    for (const name of COLORMAPS) {
      for (let i = 0; i <= 100; i++) {
        for (const v of colormap(name, i / 100)) {
          expect(Number.isInteger(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(255);
        }
      }
    }
  });

  it('viridis matches matplotlib reference colours (10 evenly spaced stops)', () => {
    // viridis(10) as published by matplotlib / R viridisLite.
    const stops = ['440154', '482878', '3E4A89', '31688E', '26828E', '1F9E89', '35B779', '6DCD59', 'B4DE2C', 'FDE725'];
    stops.forEach((hex, i) => {
      const ref = [0, 2, 4].map((k) => parseInt(hex.slice(k, k + 2), 16)) as RGB;
      expect(maxChannelError(colormap('viridis', i / 9), ref)).toBeLessThanOrEqual(5);
    });
  });

  it('viridis luminance increases monotonically', () => {
    let previous = -Infinity;
    for (let i = 0; i <= 200; i++) {
      const l = luminance(colormap('viridis', i / 200));
      expect(l).toBeGreaterThanOrEqual(previous - 0.5); // rounding to integers may wobble by < 1
      previous = l;
    }
    expect(luminance(colormap('viridis', 1)) - luminance(colormap('viridis', 0))).toBeGreaterThan(150);
  });

  it('jet follows the classic piecewise-linear definition', () => {
    expect(colormap('jet', 0)).toEqual([0, 0, 128]);
    expect(colormap('jet', 0.125)).toEqual([0, 0, 255]);
    expect(colormap('jet', 0.375)).toEqual([0, 255, 255]);
    expect(colormap('jet', 0.5)).toEqual([128, 255, 128]);
    expect(colormap('jet', 0.625)).toEqual([255, 255, 0]);
    expect(colormap('jet', 0.875)).toEqual([255, 0, 0]);
    expect(colormap('jet', 1)).toEqual([128, 0, 0]);
  });

  it('turbo runs dark blue → cyan → green → orange → dark red, near the published LUT ends', () => {
    // Published Turbo LUT entries 0 and 255; the polynomial is known to be loosest at the ends.
    expect(maxChannelError(colormap('turbo', 0), [48, 18, 59])).toBeLessThanOrEqual(35);
    expect(maxChannelError(colormap('turbo', 1), [122, 4, 3])).toBeLessThanOrEqual(25);
    const dominant = (t: number) => {
      const c = colormap('turbo', t);
      return c.indexOf(Math.max(...c));
    };
    expect(dominant(0.15)).toBe(2); // blue
    expect(dominant(0.45)).toBe(1); // green
    expect(dominant(0.85)).toBe(0); // red
    expect(luminance(colormap('turbo', 0.5))).toBeGreaterThan(luminance(colormap('turbo', 0)) + 100);
    expect(luminance(colormap('turbo', 0.5))).toBeGreaterThan(luminance(colormap('turbo', 1)) + 100);
  });

  it('the LUT agrees with colormap() at every entry', () => {
    for (const name of COLORMAPS) {
      const lut = colormapLut(name);
      expect(lut.length).toBe(256 * 3);
      for (const i of [0, 1, 77, 128, 254, 255]) {
        expect(Array.from(lut.subarray(i * 3, i * 3 + 3))).toEqual(colormap(name, i / 255));
      }
    }
  });

  it('recognises colormap names', () => {
    expect(isColormapName('turbo')).toBe(true);
    expect(isColormapName('magma')).toBe(false);
  });
});

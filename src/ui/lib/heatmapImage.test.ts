import { describe, expect, it } from 'vitest';
import { colormap } from '../../formats/colormap';
import type { RGB } from '../../engine/types';
import {
  compositeOver,
  heatmapImage,
  heatmapMax,
  isEmptyHeatmap,
  outlineImage,
  segmentationImage,
} from './heatmapImage';
import { rgbToRgba } from '../../imaging/rgba';

const pixel = (rgba: Uint8ClampedArray, i: number) => Array.from(rgba.subarray(i * 4, i * 4 + 4));

describe('heatmapImage', () => {
  it('maps values through the colormap, normalised by the given max', () => {
    const map = new Float32Array([0, 1, 2, 4]);
    const rgba = heatmapImage(map, { colormap: 'viridis', opacity: 1, max: 4, fadeIn: 0 });
    expect(rgba.length).toBe(16);
    expect(pixel(rgba, 0)).toEqual([0, 0, 0, 0]);
    expect(pixel(rgba, 1).slice(0, 3)).toEqual(colormap('viridis', 64 / 255));
    expect(pixel(rgba, 2).slice(0, 3)).toEqual(colormap('viridis', 128 / 255));
    expect(pixel(rgba, 3)).toEqual([...colormap('viridis', 1), 255]);
  });

  it('a shared max larger than the layer max keeps the map dimmer; values above max saturate', () => {
    const map = new Float32Array([2, 8]);
    const own = heatmapImage(map, { colormap: 'jet', opacity: 1, max: 2, fadeIn: 0 });
    const shared = heatmapImage(map, { colormap: 'jet', opacity: 1, max: 8, fadeIn: 0 });
    expect(pixel(own, 0).slice(0, 3)).toEqual(colormap('jet', 1));
    expect(pixel(own, 1).slice(0, 3)).toEqual(colormap('jet', 1));
    expect(pixel(shared, 0).slice(0, 3)).toEqual(colormap('jet', 64 / 255));
  });

  it('applies opacity and fades weak values in', () => {
    const map = new Float32Array([0.05, 0.5, 1]);
    const rgba = heatmapImage(map, { colormap: 'turbo', opacity: 0.5, max: 1, fadeIn: 0.1 });
    expect(rgba[3]).toBe(Math.round(127.5 * 0.5)); // half-way through the fade
    expect(rgba[7]).toBe(128);
    expect(rgba[11]).toBe(128);
  });

  it('an all-zero map (or max 0) is fully transparent and reported empty', () => {
    const zeros = new Float32Array(12);
    expect(isEmptyHeatmap(zeros)).toBe(true);
    expect(heatmapImage(zeros, { colormap: 'turbo', opacity: 1, max: heatmapMax(zeros) }).every((v) => v === 0)).toBe(true);
    const some = new Float32Array([0, 3, 0]);
    expect(heatmapImage(some, { colormap: 'turbo', opacity: 1, max: 0 }).every((v) => v === 0)).toBe(true);
    expect(isEmptyHeatmap(some)).toBe(false);
  });

  it('heatmapMax ignores NaN and infinities', () => {
    expect(heatmapMax(new Float32Array([1, Number.NaN, Infinity, 2.5, -7]))).toBe(2.5);
    expect(heatmapMax(new Float32Array([-1, -2]))).toBe(0);
  });
});

describe('segmentationImage', () => {
  it('paints each label with its palette colour and leaves unknown labels transparent', () => {
    const palette: RGB[] = [[10, 20, 30], [200, 100, 0]];
    const rgba = segmentationImage(new Uint8Array([1, 0, 255]), palette, 0.4);
    expect(pixel(rgba, 0)).toEqual([200, 100, 0, 102]);
    expect(pixel(rgba, 1)).toEqual([10, 20, 30, 102]);
    expect(pixel(rgba, 2)).toEqual([0, 0, 0, 0]);
  });
});

describe('outlineImage', () => {
  it('draws only the border pixels of M', () => {
    // 5×4 image, M = a 3×3 block at rows 0..2, cols 1..3; its centre (1,2) is interior.
    const w = 5;
    const h = 4;
    const mask = new Uint8Array(w * h);
    for (let r = 0; r < 3; r++) for (let c = 1; c < 4; c++) mask[r * w + c] = 1;
    const rgba = outlineImage({ height: h, width: w, bits: mask }, [255, 0, 255]);
    const drawn = [];
    for (let i = 0; i < w * h; i++) if (rgba[i * 4 + 3] > 0) drawn.push(i);
    const expected = [1, 2, 3, 6, 8, 11, 12, 13];
    expect(drawn).toEqual(expected);
    expect(pixel(rgba, 1)).toEqual([255, 0, 255, 255]);
  });

  it('rejects a mask of the wrong size', () => {
    expect(() => outlineImage({ height: 2, width: 2, bits: new Uint8Array(5) }, [0, 0, 0])).toThrow(/expected 2×2/);
  });
});

describe('compositeOver', () => {
  it('blends straight-alpha layers source-over', () => {
    const bottom = rgbToRgba(new Uint8Array([0, 0, 0, 200, 200, 200]));
    const top = new Uint8ClampedArray([255, 0, 0, 128, 0, 0, 255, 0]);
    compositeOver(bottom, top);
    expect(pixel(bottom, 0)).toEqual([128, 0, 0, 255]);
    expect(pixel(bottom, 1)).toEqual([200, 200, 200, 255]); // transparent top leaves it unchanged
  });

  it('composites onto a transparent bottom as the top itself', () => {
    const bottom = new Uint8ClampedArray(4);
    compositeOver(bottom, new Uint8ClampedArray([10, 20, 30, 100]));
    expect(pixel(bottom, 0)).toEqual([10, 20, 30, 100]);
  });
});

import type { Rgb } from './raster';
import type { Rng } from './random';

export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

export function scaleRgb(c: Rgb, k: number): Rgb {
  return [c[0] * k, c[1] * k, c[2] * k];
}

/** A colour picked from a palette and jittered a little in brightness and hue. */
export function vary(rng: Rng, palette: readonly Rgb[], jitter = 12): Rgb {
  const base = rng.pick(palette);
  const k = rng.range(0.85, 1.15);
  return [
    clamp255(base[0] * k + rng.range(-jitter, jitter)),
    clamp255(base[1] * k + rng.range(-jitter, jitter)),
    clamp255(base[2] * k + rng.range(-jitter, jitter)),
  ];
}

export function clamp255(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

// Material palettes, chosen so that every class has its own look (a U-Net must tell them apart).
export const ASPHALT: readonly Rgb[] = [[88, 88, 92], [72, 72, 76], [100, 98, 100], [64, 66, 70]];
export const PAVEMENT: readonly Rgb[] = [[168, 160, 150], [150, 146, 140], [182, 170, 158], [140, 132, 128]];
export const FACADE: readonly Rgb[] = [
  [196, 176, 146], [170, 92, 70], [150, 150, 148], [214, 206, 190], [128, 108, 90],
  [186, 140, 100], [110, 120, 130], [200, 190, 160], [160, 70, 60], [226, 220, 208],
];
export const CAR_PAINT: readonly Rgb[] = [
  [200, 200, 205], [30, 32, 36], [150, 20, 24], [20, 50, 120], [230, 230, 230], [110, 112, 118],
  [60, 80, 60], [180, 150, 40], [90, 30, 20], [70, 90, 130],
];
export const CLOTHES: readonly Rgb[] = [
  [30, 30, 40], [60, 70, 110], [150, 30, 40], [200, 190, 170], [40, 90, 60], [90, 60, 40],
  [220, 220, 220], [120, 120, 130], [180, 120, 40], [40, 40, 90],
];
export const SKIN: readonly Rgb[] = [[224, 182, 150], [190, 140, 100], [140, 96, 66], [96, 64, 44]];
export const FOLIAGE: readonly Rgb[] = [[70, 110, 40], [56, 92, 36], [90, 120, 50], [60, 100, 60]];
export const GRASS: readonly Rgb[] = [[120, 150, 70], [140, 160, 90], [110, 130, 60], [150, 150, 90]];

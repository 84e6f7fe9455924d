// Plain-array renderers for the scene overlays: heatmap, segmentation, outline of M.
// Each returns RGBA (Uint8ClampedArray, length w·h·4) ready for `new ImageData(...)`.
import { colormapLut, type ColormapName } from '../../formats/colormap';
import { maskOutline, type Mask } from '../../mask/mask';
import type { RGB } from '../../engine/types';

export interface HeatmapStyle {
  colormap: ColormapName;
  /** 0..1, the overlay's opacity where the heatmap is at full strength. */
  opacity: number;
  /**
   * The value drawn as the top of the colormap: the layer's own camMax, or a maximum shared by
   * several layers so that their magnitudes compare. Values above it saturate.
   */
  max: number;
  /**
   * Fraction of `max` over which the alpha fades in from 0, so that weak evidence does not
   * paint the whole scene dark blue. 0 = constant opacity for every positive value.
   */
  fadeIn?: number;
}

export const DEFAULT_FADE_IN = 0.1;

/** The largest finite value of the map (0 for an empty map or one with nothing above 0). */
export function heatmapMax(map: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < map.length; i++) {
    const v = map[i];
    if (v > max && Number.isFinite(v)) max = v;
  }
  return max;
}

/**
 * True when there is nothing to draw: no positive value. With random or badly trained weights
 * the ReLU'd CAM is often exactly zero, and the UI must say so instead of drawing noise.
 */
export function isEmptyHeatmap(map: ArrayLike<number>): boolean {
  return heatmapMax(map) <= 0;
}

/** Heatmap (values ≥ 0, length w·h) → RGBA. Non-positive values and empty maps are transparent. */
export function heatmapImage(map: ArrayLike<number>, style: HeatmapStyle): Uint8ClampedArray {
  const out = new Uint8ClampedArray(map.length * 4);
  const { max } = style;
  if (!(max > 0) || !Number.isFinite(max)) return out;
  const lut = colormapLut(style.colormap);
  const opacity = Math.min(1, Math.max(0, style.opacity)) * 255;
  const fadeIn = Math.max(0, style.fadeIn ?? DEFAULT_FADE_IN);
  for (let i = 0; i < map.length; i++) {
    const v = map[i];
    if (!(v > 0)) continue; // 0, negatives and NaN stay transparent
    const t = Math.min(1, v / max);
    const entry = Math.round(t * 255) * 3;
    const o = i * 4;
    out[o] = lut[entry];
    out[o + 1] = lut[entry + 1];
    out[o + 2] = lut[entry + 2];
    out[o + 3] = fadeIn > 0 && t < fadeIn ? (opacity * t) / fadeIn : opacity;
  }
  return out;
}

/**
 * Predicted labels → RGBA with the class palette. Labels without a palette entry (e.g. the
 * ignore label 255) are transparent.
 */
export function segmentationImage(labels: ArrayLike<number>, palette: readonly RGB[], opacity: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(labels.length * 4);
  const alpha = Math.min(1, Math.max(0, opacity)) * 255;
  for (let i = 0; i < labels.length; i++) {
    const color = palette[labels[i]];
    if (!color) continue;
    const o = i * 4;
    out[o] = color[0];
    out[o + 1] = color[1];
    out[o + 2] = color[2];
    out[o + 3] = alpha;
  }
  return out;
}

/**
 * The outline of a mask (pixels of M with a 4-neighbour outside M, or on the border) in one
 * opaque colour; everything else transparent.
 */
export function outlineImage(mask: Mask, color: RGB): Uint8ClampedArray {
  const { height: h, width: w } = mask;
  if (mask.bits.length !== w * h) throw new Error(`outline: mask has ${mask.bits.length} values, expected ${h}×${w}`);
  const edge = maskOutline(mask).bits;
  const out = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < edge.length; i++) {
    if (edge[i] === 0) continue;
    out.set(color, i * 4);
    out[i * 4 + 3] = 255;
  }
  return out;
}

/**
 * Source-over compositing of `top` onto `bottom`, both RGBA of the same size, in place on
 * `bottom` (straight, not premultiplied, alpha). Returns `bottom`.
 */
export function compositeOver(bottom: Uint8ClampedArray, top: ArrayLike<number>): Uint8ClampedArray {
  if (bottom.length !== top.length) throw new Error(`composite: sizes differ (${bottom.length} vs ${top.length})`);
  for (let o = 0; o < bottom.length; o += 4) {
    const a = top[o + 3] / 255;
    if (a === 0) continue;
    const b = bottom[o + 3] / 255;
    const outA = a + b * (1 - a);
    for (let ch = 0; ch < 3; ch++) {
      bottom[o + ch] = (top[o + ch] * a + bottom[o + ch] * b * (1 - a)) / outA;
    }
    bottom[o + 3] = outA * 255;
  }
  return bottom;
}

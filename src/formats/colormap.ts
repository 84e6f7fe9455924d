// Colormaps for heatmaps, shared by the browser UI and the CLI's PNG overlays.

import type { RGB } from '../datasets/classes';

export type { RGB };

export const COLORMAPS = ['turbo', 'jet', 'viridis'] as const;
export type ColormapName = (typeof COLORMAPS)[number];

function clamp01(x: number): number {
  if (!(x > 0)) return 0; // also maps NaN to 0
  return x < 1 ? x : 1;
}

/** Turbo, from Anton Mikhailov's published polynomial approximation (Google, 2019). */
function turbo(x: number): RGB {
  const x2 = x * x;
  const x3 = x2 * x;
  const x4 = x2 * x2;
  const x5 = x4 * x;
  return [
    0.13572138 + 4.6153926 * x - 42.66032258 * x2 + 132.13108234 * x3 - 152.94239396 * x4 + 59.28637943 * x5,
    0.09140261 + 2.19418839 * x + 4.84296658 * x2 - 14.18503333 * x3 + 4.27729857 * x4 + 2.82956604 * x5,
    0.1066733 + 12.64194608 * x - 60.58204836 * x2 + 110.36276771 * x3 - 89.90310912 * x4 + 27.34824973 * x5,
  ];
}

/** The classic MATLAB jet: dark blue → blue → cyan → yellow → red → dark red. */
function jet(x: number): RGB {
  return [1.5 - Math.abs(4 * x - 3), 1.5 - Math.abs(4 * x - 2), 1.5 - Math.abs(4 * x - 1)];
}

// Matplotlib's viridis as a degree-6 polynomial fit (Matt Zucker), per channel c0..c6.
const VIRIDIS_COEFFS: readonly RGB[] = [
  [0.2777273272234177, 0.005407344544966578, 0.3340998053353061],
  [0.1050930431085774, 1.404613529898575, 1.384590162594685],
  [-0.3308618287255563, 0.214847559468213, 0.09509516302823659],
  [-4.634230498983486, -5.799100973351585, -19.33244095627987],
  [6.228269936347081, 14.17993336680509, 56.69055260068105],
  [4.776384997670288, -13.74514537774601, -65.35303263337234],
  [-5.435455855934631, 4.645852612178535, 26.3124352495832],
];

function viridis(x: number): RGB {
  const out: RGB = [0, 0, 0];
  for (let ch = 0; ch < 3; ch++) {
    let v = VIRIDIS_COEFFS[6][ch];
    for (let i = 5; i >= 0; i--) v = v * x + VIRIDIS_COEFFS[i][ch];
    out[ch] = v;
  }
  return out;
}

const CURVES: Record<ColormapName, (x: number) => RGB> = { turbo, jet, viridis };

/** Colour of t ∈ [0, 1] (clamped) as 0..255 integers. */
export function colormap(name: ColormapName, t: number): RGB {
  const [r, g, b] = CURVES[name](clamp01(t));
  return [Math.round(clamp01(r) * 255), Math.round(clamp01(g) * 255), Math.round(clamp01(b) * 255)];
}

const LUT_SIZE = 256;
const lutCache = new Map<ColormapName, Uint8Array>();

/** 256 RGB entries (length 768) for fast per-pixel mapping: entry i is colormap(name, i / 255). */
export function colormapLut(name: ColormapName): Uint8Array {
  let lut = lutCache.get(name);
  if (!lut) {
    lut = new Uint8Array(LUT_SIZE * 3);
    for (let i = 0; i < LUT_SIZE; i++) lut.set(colormap(name, i / (LUT_SIZE - 1)), i * 3);
    lutCache.set(name, lut);
  }
  return lut;
}

export function isColormapName(value: string): value is ColormapName {
  return (COLORMAPS as readonly string[]).includes(value);
}

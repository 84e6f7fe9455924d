import type { Rgb } from './raster';
import type { Raster } from './raster';
import type { Rng } from './random';
import type { SkyLook } from './paint/sky';

export interface Lighting {
  name: 'day' | 'overcast' | 'evening' | 'morning';
  tint: Rgb;
  haze: Rgb;
  /** Distance at which haze reaches half strength, metres. */
  hazeDistance: number;
  sky: SkyLook;
  /** Shadow multiplier for the shaded side of the street. */
  shadow: Rgb;
  noise: number;
  blur: number;
}

export function randomLighting(rng: Rng): Lighting {
  const r = rng.next();
  const noise = rng.range(1.5, 5);
  const blur = rng.range(0.3, 0.8);
  if (r < 0.5) {
    return {
      name: 'day', tint: [1, 1, 1], haze: [190, 205, 220], hazeDistance: rng.range(250, 600), noise, blur,
      shadow: [0.55, 0.58, 0.68],
      sky: { zenith: [70, 120, 200], horizon: [175, 200, 225], cloud: [240, 242, 245], cloudiness: rng.range(0.1, 0.5) },
    };
  }
  if (r < 0.75) {
    return {
      name: 'overcast', tint: [0.9, 0.92, 0.95], haze: [185, 188, 192], hazeDistance: rng.range(150, 350), noise, blur,
      shadow: [0.85, 0.85, 0.88],
      sky: { zenith: [150, 158, 170], horizon: [205, 208, 212], cloud: [225, 226, 228], cloudiness: rng.range(0.5, 0.9) },
    };
  }
  if (r < 0.9) {
    return {
      name: 'evening', tint: [1.0, 0.86, 0.72], haze: [220, 170, 130], hazeDistance: rng.range(200, 450), noise, blur,
      shadow: [0.55, 0.52, 0.6],
      sky: { zenith: [60, 80, 150], horizon: [250, 170, 110], cloud: [240, 150, 120], cloudiness: rng.range(0.2, 0.6) },
    };
  }
  return {
    name: 'morning', tint: [0.97, 0.98, 1.04], haze: [200, 210, 225], hazeDistance: rng.range(150, 300), noise, blur,
    shadow: [0.6, 0.63, 0.72],
    sky: { zenith: [110, 150, 210], horizon: [215, 220, 230], cloud: [245, 245, 248], cloudiness: rng.range(0.1, 0.4) },
  };
}

/** Haze by depth, colour tint, a slight blur and sensor noise; returns the final 8-bit RGB. */
export function develop(raster: Raster, light: Lighting, salt: number): Uint8Array {
  const { width, height, rgb, depth } = raster;
  const n = width * height;
  const [hr, hg, hb] = light.haze;
  const [tr, tg, tb] = light.tint;
  for (let i = 0, o = 0; i < n; i++, o += 3) {
    const d = depth[i];
    // Rational haze curve (no exp: same result in every engine); the sky keeps its own colour.
    const h = d === Infinity ? 0 : d / (d + light.hazeDistance);
    rgb[o] = (rgb[o] + (hr - rgb[o]) * h) * tr;
    rgb[o + 1] = (rgb[o + 1] + (hg - rgb[o + 1]) * h) * tg;
    rgb[o + 2] = (rgb[o + 2] + (hb - rgb[o + 2]) * h) * tb;
  }
  const blurred = blur121(rgb, width, height);
  const out = new Uint8Array(n * 3);
  const k = light.blur;
  // Sensor noise: one xorshift stream per scene; luminance grain plus a little colour noise.
  let state = (Math.imul(salt | 0, 0x9e3779b1) ^ 0x5bd1e995) | 1;
  const grainAmp = light.noise * 2;
  const colourAmp = light.noise;
  for (let o = 0; o < n * 3; o += 3) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const g1 = (state >>> 0) / 4294967296 - 0.5;
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const g2 = (state >>> 0) / 4294967296 - 0.5;
    const grain = (g1 + g2) * grainAmp;
    for (let c = o; c < o + 3; c++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const v = rgb[c] + (blurred[c] - rgb[c]) * k + grain + ((state >>> 0) / 4294967296 - 0.5) * colourAmp;
      out[c] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
    }
  }
  return out;
}

/** Separable [1 2 1]/4 blur with clamped edges. */
function blur121(src: Float32Array, width: number, height: number): Float32Array {
  const tmp = new Float32Array(src.length);
  const dst = new Float32Array(src.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const l = x > 0 ? x - 1 : x;
      const r = x < width - 1 ? x + 1 : x;
      const row = y * width;
      for (let c = 0; c < 3; c++) {
        tmp[(row + x) * 3 + c] = (src[(row + l) * 3 + c] + 2 * src[(row + x) * 3 + c] + src[(row + r) * 3 + c]) * 0.25;
      }
    }
  }
  for (let y = 0; y < height; y++) {
    const u = y > 0 ? y - 1 : y;
    const d = y < height - 1 ? y + 1 : y;
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        dst[(y * width + x) * 3 + c] = (tmp[(u * width + x) * 3 + c] + 2 * tmp[(y * width + x) * 3 + c] + tmp[(d * width + x) * 3 + c]) * 0.25;
      }
    }
  }
  return dst;
}

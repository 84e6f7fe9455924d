// Bilinear upsampling of one CAM on the CPU, without tfjs: the page draws heatmaps with it and
// the CLI writes its heatmap PNGs with it; explanations carry only layer-sized maps.
import type { Size } from './geometry';

interface Taps {
  lo: Int32Array;
  hi: Int32Array;
  frac: Float32Array;
}

// Half-pixel centres, clamped at the borders: tf.image.resizeBilinear(halfPixelCenters = true).
function taps(inSize: number, outSize: number): Taps {
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const frac = new Float32Array(outSize);
  const scale = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    const src = Math.max(0, (o + 0.5) * scale - 0.5);
    const base = Math.floor(src);
    lo[o] = Math.min(inSize - 1, base);
    hi[o] = Math.min(inSize - 1, lo[o] + 1);
    frac[o] = src - base;
  }
  return { lo, hi, frac };
}

/** Bilinear upsampling of an h×w map to H×W (row-major), half-pixel centres. */
export function upsampleBilinear(map: Float32Array, h: number, w: number, H: number, W: number): Float32Array {
  if (map.length !== h * w) throw new Error(`upsampleBilinear: ${map.length} values for ${h}×${w}`);
  if (h === H && w === W) return map.slice();
  const rows = taps(h, H);
  const cols = taps(w, W);
  const out = new Float32Array(H * W);
  const row = new Float32Array(w);
  for (let y = 0; y < H; y++) {
    const a = rows.lo[y] * w;
    const b = rows.hi[y] * w;
    const f = rows.frac[y];
    for (let x = 0; x < w; x++) row[x] = map[a + x] * (1 - f) + map[b + x] * f;
    for (let x = 0; x < W; x++) {
      const g = cols.frac[x];
      out[y * W + x] = row[cols.lo[x]] * (1 - g) + row[cols.hi[x]] * g;
    }
  }
  return out;
}

/** A layer's ReLU'd map and its [h, w, k] shape: what upsampledCam needs of a LayerExplanation. */
export interface CamMap {
  cam: Float32Array;
  shape: readonly [number, number, number];
}

const upsampledCams = new WeakMap<Float32Array, Map<string, Float32Array>>();

/**
 * A layer's cam upsampled (bilinear) to the model input `size`, computed on first call and
 * remembered for as long as the cam lives. Explanations stay plain data: an all-layer
 * explanation of a big model would otherwise hold hundreds of input-sized maps (ESPNet at
 * 384×768: 266 × 1.2 MB), though the screen shows one layer at a time.
 */
export function upsampledCam(layer: CamMap, size: Size): Float32Array {
  const key = `${size.height}x${size.width}`;
  let bySize = upsampledCams.get(layer.cam);
  if (!bySize) upsampledCams.set(layer.cam, (bySize = new Map()));
  let map = bySize.get(key);
  if (!map) bySize.set(key, (map = upsampleBilinear(layer.cam, layer.shape[0], layer.shape[1], size.height, size.width)));
  return map;
}

// Explanations cross the worker boundary without their input-sized `upsampled` maps: an
// all-layer explanation of a big model would otherwise copy hundreds of them (ESPNet at
// 384×768: 266 × 1.2 MB), though the screen shows one layer at a time. The main thread
// upsamples a layer when it is first read, with the same bilinear rule as the engine.
// No tfjs here: the UI imports this file.
import type { Explanation, LayerExplanation } from '../engine/types';

export type WireLayer = Omit<LayerExplanation, 'upsampled'>;
export type WireExplanation = Omit<Explanation, 'layers'> & { layers: WireLayer[] };

/** Copies every field but `upsampled`, without reading it (the engine computes it lazily). */
export function toWire(explanation: Explanation): WireExplanation {
  const { method, classIndex, maskSize, score, input } = explanation;
  const layers = explanation.layers.map(({ layer, role, shape, alpha, raw, rawMax, cam, camMax }): WireLayer => ({
    layer,
    role,
    shape,
    alpha,
    raw,
    rawMax,
    cam,
    camMax,
  }));
  return { method, classIndex, maskSize, score, input, layers };
}

/** The wire form with `upsampled` back as a getter computed on first read. */
export function fromWire(wire: WireExplanation): Explanation {
  const { height, width } = wire.input;
  const layers = wire.layers.map((wireLayer) => {
    const layer = { ...wireLayer } as LayerExplanation;
    let upsampled: Float32Array | undefined;
    Object.defineProperty(layer, 'upsampled', {
      enumerable: true,
      configurable: true,
      get: () => (upsampled ??= upsampleBilinear(layer.cam, layer.shape[0], layer.shape[1], height, width)),
    });
    return layer;
  });
  return { ...wire, layers };
}

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

/** Bilinear upsampling of an h×w map to H×W (row-major). */
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

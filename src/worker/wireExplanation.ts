// Explanations cross the worker boundary without their input-sized `upsampled` maps: an
// all-layer explanation of a big model would otherwise copy hundreds of them (ESPNet at
// 384×768: 266 × 1.2 MB), though the screen shows one layer at a time. The main thread
// upsamples a layer when it is first read, with the same bilinear rule as the engine.
// No tfjs here: the UI imports this file.
import type { Explanation, LayerExplanation } from '../engine/types';
import { upsampleBilinear } from '../engine/upsampleMap';

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

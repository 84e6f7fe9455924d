// What of an explanation crosses the worker boundary: exactly the plain fields of the engine's
// Explanation, layer-sized maps only. The page upsamples the one layer it shows
// (imaging/upsampleMap.ts, upsampledCam). No tfjs here: the UI imports this file.
import type { Explanation } from '../engine/types';

export type WireExplanation = Explanation;

/** Copies the named fields only, so nothing else (caches, tensors) is ever cloned across. */
export function toWire(explanation: Explanation): WireExplanation {
  const { method, classIndex, maskSize, score, input } = explanation;
  const layers = explanation.layers.map(({ layer, role, shape, alpha, raw, rawMax, cam, camMax }) => ({ layer, role, shape, alpha, raw, rawMax, cam, camMax }));
  return { method, classIndex, maskSize, score, input, layers };
}

// Shared contracts of the engine. Everything here is plain data: it crosses the worker boundary.

import type { ClassInfo, RGB } from '../datasets/classes';
import type { Size } from '../imaging/geometry';

export type { ClassInfo, RGB };

/** The model descriptor `segcam.json` (see README "Bring your own model"). */
export interface ModelDescriptor {
  name: string;
  classes: ClassInfo[];
  input: Size;
  /** The model sees (pixel - mean) / std per channel, pixels 0..255 in channelOrder. */
  preprocess: { channelOrder: 'RGB' | 'BGR'; mean: RGB; std: RGB };
  /** 'softmax': the last layer is a softmax and the engine explains the tensor before it. */
  output: 'logits' | 'softmax';
  defaultLayer?: string;
}

export type LayerRole = 'encoder' | 'bottleneck' | 'decoder';

/** A layer whose output is [1, H, W, K] with H·W > 1, in graph order. */
export interface ExplainableLayer {
  name: string;
  className: string;
  /** [height, width, channels] for the explained input size. */
  shape: [number, number, number];
  role: LayerRole;
}

export const METHODS = [
  'seg-grad-cam',
  'hires-cam',
  'grad-cam-pp',
  'layer-cam',
  'xgrad-cam',
  'saliency',
] as const;
export type Method = (typeof METHODS)[number];

export const METHOD_LABELS: Record<Method, string> = {
  'seg-grad-cam': 'Seg-Grad-CAM',
  'hires-cam': 'HiResCAM (gradient × activation)',
  'grad-cam-pp': 'Grad-CAM++',
  'layer-cam': 'LayerCAM',
  'xgrad-cam': 'XGrad-CAM',
  saliency: 'Input-gradient saliency',
};

/** What to explain: S = Σ_{(i,j) ∈ M} y[classIndex, i, j] (pre-softmax). */
export interface Target {
  classIndex: number;
  /** Row-major, length = output height × output width; non-zero = pixel in M. */
  mask: Uint8Array;
}

/** Plain data (it crosses the worker boundary as is). The cam at the model input's size is
 * an explicit, memoised call: upsampledCam(layer, explanation.input) in imaging/upsampleMap.ts. */
export interface LayerExplanation {
  layer: string;
  role: LayerRole;
  /** [h, w, k] of the layer's output. */
  shape: [number, number, number];
  /** Channel weights α_k (length k); for saliency, empty. */
  alpha: Float32Array;
  /** The map before ReLU (Σ_k α_k A^k for seg-grad-cam), length h·w, not normalised. */
  raw: Float32Array;
  rawMax: number;
  /** ReLU(raw), length h·w. */
  cam: Float32Array;
  camMax: number;
}

export interface Explanation {
  method: Method;
  classIndex: number;
  /** |M| */
  maskSize: number;
  /** S, the summed logit. */
  score: number;
  input: Size;
  layers: LayerExplanation[];
}

// Where a method's map says nothing about the network, by construction, and must not be drawn
// as if it did. Decided from the explanation itself, so it holds for any model.
import type { LayerExplanation, Method } from './types';
import { pearson } from '../metrics/ranks';
import type { Size } from '../imaging/geometry';

export type FenceKind = 'grad-cam-pp-signed' | 'confined-to-mask' | 'output-logit' | 'class-score';

export interface MethodFence {
  kind: FenceKind;
  /** One sentence for the UI and the CLI. */
  reason: string;
}

export interface FenceContext {
  /** M at the model output's resolution (non-zero = in M). */
  mask: Uint8Array;
  outputSize: Size;
  /** The layer is the model's output (the logits the target sums). */
  isOutput: boolean;
  /**
   * The same explanation's raw map at the output layer, when it has one: for Seg-Grad-CAM
   * that is (|M|/n)·logit of the class, what a layer feeding a 1×1 head reproduces.
   */
  outputRaw?: Float32Array;
}

/** Float32 sums over a few hundred channels agree to about 1e-6; a real explanation is far from it. */
const SAME_MAP_CORRELATION = 0.99999; // pearson() is NaN for a constant map: never fenced

/**
 * Grad-CAM++'s weights assume non-negative activations (a ReLU before the layer): on signed
 * values (logits, pre-activation layers) a channel whose values sum negative gets a negative α
 * and the map turns inside out. Gradient × activation maps (HiResCAM, LayerCAM) at a layer from
 * which S depends on each position only through the same position (e.g. a 1×1 conv head) have
 * no gradient outside M: they can only light M. Seg-Grad-CAM at the output weights one channel:
 * its map is ReLU(logit of the class), not an explanation. At the input of a 1×1 head (a U-Net's
 * last block) its α is the head's weight column of the class, so its map is the class logit
 * again, less the bias: recognised by the map being an increasing affine function of the
 * output's map.
 */
export function methodFence(method: Method, layer: LayerExplanation, ctx: FenceContext): MethodFence | null {
  if (method === 'saliency') return null;
  const { alpha, raw, shape } = layer;
  if (method === 'grad-cam-pp' && (ctx.isOutput || alpha.some((a) => a < 0))) {
    return {
      kind: 'grad-cam-pp-signed',
      reason: 'Grad-CAM++ assumes non-negative activations; this layer has signed values, so its weights turn the map inside out.',
    };
  }
  const [h, w] = shape;
  const atOutputResolution = h === ctx.outputSize.height && w === ctx.outputSize.width;
  if ((method === 'hires-cam' || method === 'layer-cam') && atOutputResolution && raw.some((v) => v !== 0)) {
    let outside = false;
    for (let i = 0; i < raw.length && !outside; i++) outside = raw[i] !== 0 && !ctx.mask[i];
    if (!outside) {
      return {
        kind: 'confined-to-mask',
        reason: 'Here ∂S/∂A is zero outside M, so gradient × activation can only light M itself: the map shows M, not evidence.',
      };
    }
  }
  if ((method === 'seg-grad-cam' || method === 'xgrad-cam') && ctx.isOutput) {
    let nonZero = 0;
    for (const a of alpha) if (a !== 0) nonZero++;
    if (nonZero <= 1) {
      return {
        kind: 'output-logit',
        reason: 'At the output layer only the class channel has a weight: the map is ReLU(logit of the class), not an explanation.',
      };
    }
  }
  if (method === 'seg-grad-cam' && !ctx.isOutput && ctx.outputRaw && ctx.outputRaw.length === raw.length) {
    if (pearson(raw, ctx.outputRaw) >= SAME_MAP_CORRELATION) {
      return {
        kind: 'class-score',
        reason: 'This layer feeds a 1×1 output layer, so α is the class\'s output weights and the map is the class score itself (its logit), not evidence.',
      };
    }
  }
  return null;
}

/** The output layer's raw map of an explanation, for FenceContext.outputRaw. */
export function outputRawOf(layers: readonly LayerExplanation[], outputLayer: string | undefined): Float32Array | undefined {
  return layers.find((l) => l.layer === outputLayer)?.raw;
}

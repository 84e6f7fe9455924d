// The two evidence checks that need the model, run in the worker on the current image:
// deletion/insertion AUC of a map, and the head-randomisation sanity check.
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type * as tf from '@tensorflow/tfjs-core';
import type { Explainer } from '../engine/explainer';
import { faithfulnessCurves, relevanceOrder } from '../metrics/faithfulness';
import { cascadeGroups, randomizeLayers } from '../engine/metrics/randomizeModel';
import { spearman } from '../metrics/ranks';
import { toModelInput } from '../engine/preprocess';
import type { Method, ModelDescriptor, Target } from '../engine/types';
import type { FaithfulnessResult, SanityResult } from './protocol';

/** Steps of the live deletion curve: few, so a layer change costs about ten forward passes. */
export const LIVE_DELETION_STEPS = 8;

/** Thrown by liveFaithfulness when other work waits: the curves are abandoned, not finished. */
export class Yielded extends Error {
  constructor() {
    super('the live deletion curve gave way to waiting work');
  }
}

/** Lets messages that arrived during a forward pass (a click) be received and queued. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Deletion/insertion AUC of a map: about 2·LIVE_DELETION_STEPS forward passes, which run after
 * every explanation shown. Between passes it lets the worker receive messages, and throws
 * Yielded as soon as `othersWait()` says work is queued, so a click never waits for the curve.
 */
export async function liveFaithfulness(
  explainer: Explainer,
  descriptor: ModelDescriptor,
  rgb: Uint8Array,
  target: Target,
  map: Float32Array,
  othersWait: () => boolean = () => false,
): Promise<FaithfulnessResult> {
  const { height, width } = explainer.inputSize;
  const score = async (images: Uint8Array[]) => {
    const scores: number[] = [];
    for (const img of images) {
      await nextTask();
      if (othersWait()) throw new Yielded();
      const x = toModelInput(img, height, width, 3, descriptor.preprocess);
      try {
        scores.push(explainer.score(x, target));
      } finally {
        x.dispose();
      }
    }
    return scores;
  };
  const c = await faithfulnessCurves(rgb, relevanceOrder(map), LIVE_DELETION_STEPS, score);
  return { deletionAuc: c.deletionAuc, insertionAuc: c.insertionAuc, deletion: c.deletion };
}

/** Is the model a LayersModel whose weights can be re-drawn? (ONNX graphs are not, here.) */
export function canRandomize(model: unknown): model is LayersModel {
  return typeof (model as LayersModel | null)?.getLayer === 'function' && Array.isArray((model as LayersModel).layers);
}

/** The head = the last two weighted blocks (for the U-Net: logits and dec1). */
export async function headRandomisation(
  model: LayersModel,
  explainer: Explainer,
  input: tf.Tensor4D,
  target: Target,
  layer: string,
  method: Method,
): Promise<SanityResult> {
  const [before] = await explainer.explain(input, target, { layers: [layer], methods: [method] });
  const head = cascadeGroups(model).slice(0, 2);
  const restores = head.map((group, i) => randomizeLayers(model, group, 7 + i));
  let after;
  try {
    [after] = await explainer.explain(input, target, { layers: [layer], methods: [method] });
  } finally {
    for (const restore of restores.reverse()) restore();
  }
  const a = before.layers[0];
  const b = after.layers[0];
  return {
    layer: a.layer,
    shape: a.shape,
    randomizedBlocks: head.map((g) => g[0].split('_')[0]),
    original: a.cam,
    randomized: b.cam,
    spearman: spearman(a.cam, b.cam),
  };
}

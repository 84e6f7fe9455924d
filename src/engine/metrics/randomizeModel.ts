// Model randomisation for sanity checks (Adebayo et al. 2018): re-draw the weights of some
// layers and see whether the explanation changes. A map that survives it explains the input,
// not the model. Uses tfjs, no DOM.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { seededRandom } from '../../metrics/seededRandom';

/**
 * Weighted layers grouped by block, from the output backwards: the cascade re-draws group 1,
 * then groups 1–2, and so on. A block is the part of a layer name before the first '_' (the
 * U-Net's `dec1_conv1`, `dec1_bn1`, … form block `dec1`); names without one stand alone.
 */
export function cascadeGroups(model: LayersModel): string[][] {
  const groups = new Map<string, string[]>();
  for (const layer of model.layers) {
    if (layer.getWeights().length === 0) continue;
    const block = layer.name.split('_')[0];
    groups.set(block, [...(groups.get(block) ?? []), layer.name]);
  }
  return [...groups.values()].reverse();
}

/** The block names of cascadeGroups, output first. */
export function cascadeBlockNames(model: LayersModel): string[] {
  return cascadeGroups(model).map((g) => g[0].split('_')[0]);
}

function normal(random: () => number): number {
  // Box–Muller on the seeded generator.
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * A fresh draw for one weight: kernels He-normal (std √(2 / fan-in)), batch-norm scale and
 * variance 1, every other vector (biases, offsets, means) 0 — a newly initialised layer.
 */
function redraw(weight: tf.Tensor, name: string, random: () => number): tf.Tensor {
  if (weight.rank >= 2) {
    const fanIn = weight.shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const std = Math.sqrt(2 / fanIn);
    return tf.tensor(Float32Array.from({ length: weight.size }, () => normal(random) * std), weight.shape);
  }
  const one = /gamma|variance/.test(name);
  return tf.fill(weight.shape, one ? 1 : 0);
}

/**
 * Re-draws the weights of the named layers in place and returns a function that puts the
 * originals back. Seeded: the same layers and seed give the same weights.
 */
export function randomizeLayers(model: LayersModel, layerNames: readonly string[], seed = 1): () => void {
  const random = seededRandom(seed);
  const saved: { layer: ReturnType<LayersModel['getLayer']>; weights: tf.Tensor[] }[] = [];
  for (const name of layerNames) {
    const layer = model.getLayer(name);
    const originals = layer.getWeights().map((w) => w.clone());
    const fresh = layer.weights.map((w, i) => redraw(originals[i], w.name, random));
    layer.setWeights(fresh);
    tf.dispose(fresh);
    saved.push({ layer, weights: originals });
  }
  return () => {
    for (const { layer, weights } of saved) {
      layer.setWeights(weights);
      tf.dispose(weights);
    }
  };
}

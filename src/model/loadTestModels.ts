// Node helpers for tests and benchmarks: tiny segmentation models, and saving any LayersModel
// as model.json + weights.bin (+ segcam.json) the way `model.save` would.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * A small U-shaped net: conv (enc) → max pool → conv (mid) → upsample → concat with enc → conv
 * → 1×1 logits. `height`/`width` null gives a model that accepts any (even) size.
 */
export function tinySegModel(opts: { height?: number | null; width?: number | null; numClasses?: number; seed?: number } = {}): tfl.LayersModel {
  const height = opts.height === undefined ? 8 : opts.height;
  const width = opts.width === undefined ? 16 : opts.width;
  let seed = opts.seed ?? 7;
  const init = () => tfl.initializers.glorotUniform({ seed: seed++ });
  const input = tfl.input({ shape: [height, width, 3], name: 'image' });
  const enc = tfl.layers.conv2d({ name: 'enc', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init() }).apply(input) as tfl.SymbolicTensor;
  const pooled = tfl.layers.maxPooling2d({ name: 'pool', poolSize: 2 }).apply(enc) as tfl.SymbolicTensor;
  const mid = tfl.layers.conv2d({ name: 'mid', filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init() }).apply(pooled) as tfl.SymbolicTensor;
  const up = tfl.layers.upSampling2d({ name: 'up', size: [2, 2] }).apply(mid) as tfl.SymbolicTensor;
  const cat = tfl.layers.concatenate({ name: 'cat' }).apply([up, enc]) as tfl.SymbolicTensor;
  const dec = tfl.layers.conv2d({ name: 'dec', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init() }).apply(cat) as tfl.SymbolicTensor;
  const logits = tfl.layers.conv2d({ name: 'logits', filters: opts.numClasses ?? 3, kernelSize: 1, kernelInitializer: init() }).apply(dec) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits, name: 'tiny_seg' });
}

export interface SerializedModel {
  /** model.json contents, with one shard named weights.bin. */
  modelJson: { format: string; generatedBy: string; modelTopology: object; weightsManifest: tf.io.WeightsManifestConfig };
  weights: Uint8Array;
}

export async function serializeModel(model: tfl.LayersModel): Promise<SerializedModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved?.modelTopology || !saved.weightSpecs || !saved.weightData) throw new Error('model.save gave no artifacts');
  const data = saved.weightData;
  const weights = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(tf.io.concatenateArrayBuffers(data));
  return {
    modelJson: {
      format: 'layers-model',
      generatedBy: 'seg-grad-cam-explorer tests',
      modelTopology: saved.modelTopology as object,
      weightsManifest: [{ paths: ['weights.bin'], weights: saved.weightSpecs }],
    },
    weights,
  };
}

/** Writes model.json + weights.bin (+ segcam.json when given) into dir; returns model.json's path. */
export async function writeModelDir(dir: string, model: tfl.LayersModel, descriptor?: object): Promise<string> {
  const { modelJson, weights } = await serializeModel(model);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
  writeFileSync(join(dir, 'weights.bin'), weights);
  if (descriptor) writeFileSync(join(dir, 'segcam.json'), JSON.stringify(descriptor, null, 2));
  return join(dir, 'model.json');
}

/** A descriptor for tinySegModel() (three classes, 8×16 input, default layer 'mid'). */
export const TINY_DESCRIPTOR = {
  name: 'Tiny three',
  classes: [
    { name: 'sky', color: [0, 0, 255] },
    { name: 'road', color: [128, 64, 128] },
    { name: 'car', color: [0, 0, 142] },
  ],
  input: { height: 8, width: 16 },
  defaultLayer: 'mid',
};

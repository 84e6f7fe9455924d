import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { CITYSCAPES_CLASSES } from '../datasets/cityscapes';
import type { ModelDescriptor } from '../engine/types';
import { UNET_INPUT_HEIGHT, UNET_INPUT_WIDTH } from '../model/unet';

export const WEIGHTS_FILE = 'weights.bin';

/** The descriptor for our U-Net; the pixel scaling must match what training feeds the model. */
export function unetDescriptor(name: string): ModelDescriptor {
  return {
    name,
    classes: CITYSCAPES_CLASSES.map((c) => ({ name: c.name, color: [...c.color] })),
    input: { height: UNET_INPUT_HEIGHT, width: UNET_INPUT_WIDTH },
    preprocess: { channelOrder: 'RGB', mean: [0, 0, 0], std: [255, 255, 255] },
    output: 'logits',
    // EVALUATION.md: at dec2 Seg-Grad-CAM points at the object 3-4x as often as at the
    // bottleneck and is not the class score by construction (dec1, fenced).
    defaultLayer: 'dec2',
  };
}

/** Writes model.json + weights.bin (one shard) + segcam.json into `dir`. */
export async function saveModelDir(model: tfl.LayersModel, dir: string, descriptor: ModelDescriptor): Promise<void> {
  await mkdir(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const modelJson = {
        format: 'layers-model',
        generatedBy: 'seg-grad-cam-explorer train',
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
      };
      await writeFile(join(dir, 'model.json'), JSON.stringify(modelJson));
      const data = artifacts.weightData as ArrayBuffer;
      await writeFile(join(dir, WEIGHTS_FILE), new Uint8Array(data));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  await writeFile(join(dir, 'segcam.json'), JSON.stringify(descriptor, null, 2) + '\n');
}

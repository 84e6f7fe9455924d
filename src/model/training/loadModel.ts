import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Loads a model directory written by saveModelDir (model.json + its weight shards) in Node. */
export async function loadModelDir(dir: string): Promise<tfl.LayersModel> {
  const modelJson = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
  const specs: tf.io.WeightsManifestEntry[] = [];
  const shards: Uint8Array[] = [];
  for (const group of modelJson.weightsManifest) {
    specs.push(...group.weights);
    for (const path of group.paths) shards.push(await readFile(join(dir, path)));
  }
  const total = shards.reduce((n, s) => n + s.byteLength, 0);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const s of shards) {
    weightData.set(s, offset);
    offset += s.byteLength;
  }
  return tfl.loadLayersModel(
    tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: specs, weightData: weightData.buffer }),
  );
}

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

const DATA = 'checkpoint.bin';
const META = 'checkpoint.json';

interface CheckpointMeta<S> {
  state: S;
  modelSpecs: tf.io.WeightsManifestEntry[];
  optimizerSpecs: tf.io.WeightsManifestEntry[];
  modelBytes: number;
}

/** Model weights (in model.weights order), Adam's moments and the loop state, written atomically. */
export async function saveCheckpoint<S>(dir: string, model: tfl.LayersModel, optimizer: tf.Optimizer, state: S): Promise<void> {
  await mkdir(dir, { recursive: true });
  const modelEncoded = await tf.io.encodeWeights(model.weights.map((w, i) => ({ name: `w${i}`, tensor: w.read() })));
  const optimizerWeights = await optimizer.getWeights();
  const optimizerEncoded = await tf.io.encodeWeights(optimizerWeights);
  // getWeights() makes a fresh scalar for the iteration count; the moments are the optimizer's own.
  tf.dispose(optimizerWeights.filter((w) => w.name === 'iter').map((w) => w.tensor));
  const modelData = new Uint8Array(modelEncoded.data);
  const optimizerData = new Uint8Array(optimizerEncoded.data);
  const data = new Uint8Array(modelData.byteLength + optimizerData.byteLength);
  data.set(modelData, 0);
  data.set(optimizerData, modelData.byteLength);
  const meta: CheckpointMeta<S> = {
    state,
    modelSpecs: modelEncoded.specs,
    optimizerSpecs: optimizerEncoded.specs,
    modelBytes: modelData.byteLength,
  };
  await writeFile(join(dir, DATA + '.tmp'), data);
  await writeFile(join(dir, META + '.tmp'), JSON.stringify(meta));
  await rename(join(dir, DATA + '.tmp'), join(dir, DATA));
  await rename(join(dir, META + '.tmp'), join(dir, META));
}

export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, META)) && existsSync(join(dir, DATA));
}

/** Restores weights and optimizer state saved by saveCheckpoint into a model of the same architecture. */
export async function loadCheckpoint<S>(dir: string, model: tfl.LayersModel, optimizer: tf.Optimizer): Promise<S> {
  const meta = JSON.parse(await readFile(join(dir, META), 'utf8')) as CheckpointMeta<S>;
  const file = await readFile(join(dir, DATA));
  const bytes = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength);
  const modelTensors = tf.io.decodeWeights(bytes.slice(0, meta.modelBytes), meta.modelSpecs);
  if (Object.keys(modelTensors).length !== model.weights.length) throw new Error('checkpoint does not match the model');
  model.setWeights(model.weights.map((_, i) => modelTensors[`w${i}`]));
  Object.values(modelTensors).forEach((t) => t.dispose());
  const optimizerTensors = tf.io.decodeWeights(bytes.slice(meta.modelBytes), meta.optimizerSpecs);
  await optimizer.setWeights(meta.optimizerSpecs.map((s) => ({ name: s.name, tensor: optimizerTensors[s.name] })));
  return meta.state;
}

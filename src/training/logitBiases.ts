import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { generateScene } from '../scenes/generate';
import type { Scene, SceneBias } from '../scenes/types';
import { calibrateClassBiases, type CalibrationResult, type CalibrationSet } from './calibrate';
import { inBatches, scenesToInput } from './data';
import { calibrationSeeds } from './seeds';

/** The U-Net's logits (inference mode) on whole scenes, kept as [pixels × C] per scene. */
export function collectCalibrationSet(model: tfl.LayersModel, scenes: Iterable<Scene>, numClasses: number, batchSize = 4): CalibrationSet {
  const set: CalibrationSet = { logits: [], labels: [], numClasses };
  for (const batch of inBatches(scenes, batchSize)) {
    const logits = tf.tidy(() => (model.predict(scenesToInput(batch)) as tf.Tensor4D).dataSync() as Float32Array);
    const size = batch[0].width * batch[0].height * numClasses;
    batch.forEach((scene, b) => {
      set.logits.push(logits.slice(b * size, (b + 1) * size));
      set.labels.push(scene.labels);
    });
  }
  return set;
}

/** Adds `biases[c]` to output channel c of the model's last layer (a conv with a bias). */
export function addLogitBiases(model: tfl.LayersModel, biases: number[]): void {
  const last = model.layers[model.layers.length - 1];
  const weights = last.getWeights();
  const bias = weights[1];
  if (weights.length !== 2 || !bias || bias.rank !== 1 || bias.shape[0] !== biases.length) {
    throw new Error(`layer ${last.name} has no bias of ${biases.length} channels to calibrate`);
  }
  const shifted = tf.tidy(() => tf.add(bias, tf.tensor1d(biases)));
  last.setWeights([weights[0], shifted]);
  shifted.dispose();
}

export const CALIBRATION_SCENES = 200;

export interface CalibrationRecord extends CalibrationResult {
  scenes: number;
  firstSeed: number;
}

/**
 * Chooses the offsets on validation scenes at the model's input size (calibrationSeeds, the
 * held-out scenes' generator options) and folds them into the model.
 */
export function calibrateOnValidationScenes(model: tfl.LayersModel, numClasses: number, count = CALIBRATION_SCENES, bias?: SceneBias): CalibrationRecord {
  const [, height, width] = model.inputs[0].shape as number[];
  const seeds = calibrationSeeds(count);
  const set = collectCalibrationSet(model, seeds.map((seed) => generateScene(seed, { height, width, bias })), numClasses);
  const result = calibrateClassBiases(set);
  addLogitBiases(model, result.biases);
  return { ...result, scenes: count, firstSeed: seeds[0] };
}

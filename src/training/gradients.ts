import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Batch } from './data';
import { segmentationLoss } from './losses';
import { applyInTraining } from './nativeBatchNorm';

/**
 * Gradients travel between training threads as one flat Float32Array, in the order of the
 * model's trainable weights.
 */
export interface FlatGradients {
  loss: number;
  grads: Float32Array;
}

export function trainableVariables(model: tfl.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** Tensors concatenated into one flat array, in order. */
function flatten(tensors: tf.Tensor[]): Float32Array {
  const flat = new Float32Array(tensors.reduce((sum, t) => sum + t.size, 0));
  let offset = 0;
  for (const t of tensors) {
    flat.set(t.dataSync() as Float32Array, offset);
    offset += t.size;
  }
  return flat;
}

/** The inverse of flatten: one tensor per variable, shaped like it (the caller disposes them). */
function unflatten(flat: Float32Array, variables: tf.Variable[]): tf.Tensor[] {
  let offset = 0;
  return variables.map((v) => {
    const t = tf.tensor(flat.subarray(offset, offset + v.size), v.shape);
    offset += v.size;
    return t;
  });
}

/** Loss and ∂loss/∂weights of one batch (BatchNorm in training mode), without updating anything. */
export function batchGradients(
  model: tfl.LayersModel,
  variables: tf.Variable[],
  batch: Batch,
  classWeights: tf.Tensor1D,
  diceWeight: number,
): FlatGradients {
  const { value, grads } = tf.variableGrads(
    () => segmentationLoss(applyInTraining(model, batch.x) as tf.Tensor4D, batch.labels, classWeights, diceWeight),
    variables,
  );
  const flat = flatten(variables.map((v) => grads[v.name]));
  const loss = value.dataSync()[0];
  tf.dispose([value, ...Object.values(grads)]);
  return { loss, grads: flat };
}

/** The weights as one flat array (what a helper thread needs to compute the next gradients). */
export function flattenVariables(variables: tf.Variable[]): Float32Array {
  return flatten(variables);
}

export function assignFlat(variables: tf.Variable[], flat: Float32Array): void {
  const values = unflatten(flat, variables);
  variables.forEach((v, i) => v.assign(values[i]));
  tf.dispose(values);
}

/** Applies the mean of several threads' gradients with one optimizer step; returns the mean loss. */
export function applyMeanGradients(optimizer: tf.Optimizer, variables: tf.Variable[], parts: FlatGradients[]): number {
  const mean = new Float32Array(parts[0].grads.length);
  for (const part of parts) for (let i = 0; i < mean.length; i++) mean[i] += part.grads[i];
  for (let i = 0; i < mean.length; i++) mean[i] /= parts.length;
  const values = unflatten(mean, variables);
  optimizer.applyGradients(Object.fromEntries(variables.map((v, i) => [v.name, values[i]])));
  tf.dispose(values);
  return parts.reduce((sum, p) => sum + p.loss, 0) / parts.length;
}

import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Batch } from './data';
import { segmentationLoss } from './losses';

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

function flatSize(variables: tf.Variable[]): number {
  return variables.reduce((sum, v) => sum + v.size, 0);
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
    () => segmentationLoss(model.apply(batch.x, { training: true }) as tf.Tensor4D, batch.labels, classWeights, diceWeight),
    variables,
  );
  const flat = new Float32Array(flatSize(variables));
  let offset = 0;
  for (const v of variables) {
    flat.set(grads[v.name].dataSync() as Float32Array, offset);
    offset += v.size;
  }
  const loss = value.dataSync()[0];
  tf.dispose([value, ...Object.values(grads)]);
  return { loss, grads: flat };
}

/** The weights as one flat array (what a helper thread needs to compute the next gradients). */
export function flattenVariables(variables: tf.Variable[]): Float32Array {
  const flat = new Float32Array(flatSize(variables));
  let offset = 0;
  for (const v of variables) {
    flat.set(v.dataSync() as Float32Array, offset);
    offset += v.size;
  }
  return flat;
}

export function assignFlat(variables: tf.Variable[], flat: Float32Array): void {
  let offset = 0;
  for (const v of variables) {
    tf.tidy(() => v.assign(tf.tensor(flat.subarray(offset, offset + v.size), v.shape)));
    offset += v.size;
  }
}

/** Applies the mean of several threads' gradients with one optimizer step; returns the mean loss. */
export function applyMeanGradients(optimizer: tf.Optimizer, variables: tf.Variable[], parts: FlatGradients[]): number {
  const mean = new Float32Array(parts[0].grads.length);
  for (const part of parts) for (let i = 0; i < mean.length; i++) mean[i] += part.grads[i];
  for (let i = 0; i < mean.length; i++) mean[i] /= parts.length;
  const named: tf.NamedTensorMap = {};
  let offset = 0;
  for (const v of variables) {
    named[v.name] = tf.tensor(mean.subarray(offset, offset + v.size), v.shape);
    offset += v.size;
  }
  optimizer.applyGradients(named);
  tf.dispose(Object.values(named));
  return parts.reduce((sum, p) => sum + p.loss, 0) / parts.length;
}

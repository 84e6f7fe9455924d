import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Scene } from '../scenes/types';
import { inBatches, scenesToInput } from './data';

export interface IouReport {
  /** IoU per class; NaN for classes absent from both labels and predictions. */
  iou: number[];
  /** Labelled pixels per class. */
  support: number[];
  /** Mean IoU over the classes present in the labels. */
  miou: number;
  pixelAccuracy: number;
  scenes: number;
}

/** confusion[label * C + predicted], void labels (≥ C) skipped. */
export function accumulateConfusion(confusion: Float64Array, labels: Uint8Array, predicted: ArrayLike<number>, numClasses: number): void {
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label < numClasses) confusion[label * numClasses + predicted[i]]++;
  }
}

export function iouFromConfusion(confusion: Float64Array, numClasses: number, scenes: number): IouReport {
  const iou: number[] = [];
  const support: number[] = [];
  let correct = 0;
  let total = 0;
  for (let c = 0; c < numClasses; c++) {
    let truePositive = 0;
    let labelled = 0;
    let predicted = 0;
    for (let k = 0; k < numClasses; k++) {
      labelled += confusion[c * numClasses + k];
      predicted += confusion[k * numClasses + c];
    }
    truePositive = confusion[c * numClasses + c];
    const union = labelled + predicted - truePositive;
    iou.push(union > 0 ? truePositive / union : NaN);
    support.push(labelled);
    correct += truePositive;
    total += labelled;
  }
  const present = iou.filter((_, c) => support[c] > 0);
  const miou = present.length > 0 ? present.reduce((a, b) => a + b, 0) / present.length : NaN;
  return { iou, support, miou, pixelAccuracy: total > 0 ? correct / total : NaN, scenes };
}

/** Per-class IoU and mIoU of `model` (inference mode) over whole scenes. */
export function evaluateModel(
  model: tfl.LayersModel,
  scenes: Iterable<Scene>,
  numClasses: number,
  batchSize = 4,
): IouReport {
  const confusion = new Float64Array(numClasses * numClasses);
  let count = 0;
  for (const batch of inBatches(scenes, batchSize)) {
    const predicted = tf.tidy(() => {
      const logits = model.predict(scenesToInput(batch)) as tf.Tensor4D;
      return tf.argMax(logits, -1).dataSync() as Int32Array;
    });
    const pixels = batch[0].width * batch[0].height;
    batch.forEach((s, b) => accumulateConfusion(confusion, s.labels, predicted.subarray(b * pixels, (b + 1) * pixels), numClasses));
    count += batch.length;
  }
  return iouFromConfusion(confusion, numClasses, count);
}

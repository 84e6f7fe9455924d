import * as tf from '@tensorflow/tfjs-core';

/**
 * Class weights from pixel frequency, ENet-style w = 1 / ln(1.02 + p), so a class with 0.1 % of the
 * pixels weighs ~20× one with half of them; capped so absent classes don't dominate.
 */
export const DEFAULT_CLASS_WEIGHT_CAP = 25;

export function classWeightsFromFrequency(freq: number[], cap = DEFAULT_CLASS_WEIGHT_CAP): number[] {
  return freq.map((p) => Math.min(cap, 1 / Math.log(1.02 + p)));
}

/**
 * Σ w[label]·CE / Σ w[label] over labelled pixels, plus `diceWeight` × (1 − mean soft Dice over
 * the classes present in the batch). Dice speaks to IoU directly and keeps thin classes alive.
 * logits [B,H,W,C]; labels int32 [B,H,W], values ≥ C are ignored (void = 255).
 */
export function segmentationLoss(
  logits: tf.Tensor4D,
  labels: tf.Tensor3D,
  classWeights: tf.Tensor1D,
  diceWeight = 0.5,
): tf.Scalar {
  return tf.tidy(() => {
    const numClasses = logits.shape[3];
    const valid = tf.cast(tf.less(labels, numClasses), 'float32'); // [B,H,W]
    const safeLabels = tf.mul(labels, tf.cast(tf.less(labels, numClasses), 'int32'));
    const oneHot = tf.mul(tf.oneHot(safeLabels, numClasses), tf.expandDims(valid, -1)); // [B,H,W,C], 0 on void
    const logProbs = tf.logSoftmax(logits);
    const pixelWeight = tf.sum(tf.mul(oneHot, classWeights), -1); // [B,H,W], 0 on void
    const ce = tf.neg(tf.sum(tf.mul(oneHot, logProbs), -1));
    const ceLoss = tf.div(tf.sum(tf.mul(pixelWeight, ce)), tf.maximum(tf.sum(pixelWeight), 1e-6));
    if (diceWeight === 0) return ceLoss as tf.Scalar;

    const probs = tf.mul(tf.exp(logProbs), tf.expandDims(valid, -1));
    const axes = [0, 1, 2];
    const intersection = tf.sum(tf.mul(probs, oneHot), axes);
    const predicted = tf.sum(probs, axes);
    const actual = tf.sum(oneHot, axes);
    const dice = tf.div(tf.add(tf.mul(intersection, 2), 1), tf.add(tf.add(predicted, actual), 1));
    const present = tf.cast(tf.greater(actual, 0), 'float32');
    const meanDice = tf.div(tf.sum(tf.mul(dice, present)), tf.maximum(tf.sum(present), 1));
    return tf.add(ceLoss, tf.mul(tf.sub(1, meanDice), diceWeight)) as tf.Scalar;
  });
}

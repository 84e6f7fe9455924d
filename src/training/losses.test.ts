import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { classWeightsFromFrequency, segmentationLoss } from './losses';

describe('segmentation loss', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const logits = () => tf.tensor4d([2, 0, 0, 0, 1, 0, 0, 0, 3, 5, 5, 5], [1, 2, 2, 3]);

  it('is the mean cross-entropy over labelled pixels when weights are equal, ignoring void', () => {
    const value = tf.tidy(() =>
      segmentationLoss(logits(), tf.tensor3d([0, 1, 2, 255], [1, 2, 2], 'int32'), tf.ones([3]) as tf.Tensor1D, 0).dataSync()[0],
    );
    const logSoftmax = (row: number[], k: number) => row[k] - Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
    const expected = -(logSoftmax([2, 0, 0], 0) + logSoftmax([0, 1, 0], 1) + logSoftmax([0, 0, 3], 2)) / 3;
    expect(value).toBeCloseTo(expected, 5);
  });

  it('weights classes, and adds a Dice term that is 0 for a perfect prediction', () => {
    const labels = tf.tensor3d([0, 1, 2, 255], [1, 2, 2], 'int32');
    const weighted = tf.tidy(() => segmentationLoss(logits(), labels, tf.tensor1d([1, 10, 1]), 0).dataSync()[0]);
    const plain = tf.tidy(() => segmentationLoss(logits(), labels, tf.ones([3]) as tf.Tensor1D, 0).dataSync()[0]);
    expect(weighted).not.toBeCloseTo(plain, 3); // class 1 (the worst-predicted pixel) dominates
    const sure = tf.tensor4d([50, 0, 0, 0, 50, 0, 0, 0, 50, 0, 0, 0], [1, 2, 2, 3]);
    const perfect = tf.tidy(() => segmentationLoss(sure, labels, tf.ones([3]) as tf.Tensor1D, 1).dataSync()[0]);
    expect(perfect).toBeLessThan(1e-3);
  });

  it('gives rare classes larger weights', () => {
    const w = classWeightsFromFrequency([0.5, 0.05, 0.001]);
    expect(w[0]).toBeLessThan(w[1]);
    expect(w[1]).toBeLessThan(w[2]);
  });
});

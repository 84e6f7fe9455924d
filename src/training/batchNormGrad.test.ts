import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { registerBatchNormGrad } from './batchNormGrad';

/** Gradients of a training-mode batch norm (batch moments) w.r.t. x, scale and offset. */
function bnGrads(xs: Float32Array, up: Float32Array): Float32Array[] {
  return tf.tidy(() => {
    const shape: [number, number, number, number] = [2, 3, 4, 5];
    const x = tf.tensor4d(xs, shape);
    const scale = tf.tensor1d([0.5, 1, 1.5, 2, -1]);
    const offset = tf.tensor1d([0, 1, 2, 3, 4]);
    const upstream = tf.tensor4d(up, shape);
    const f = (a: tf.Tensor, s: tf.Tensor, o: tf.Tensor) => {
      const { mean, variance } = tf.moments(a, [0, 1, 2]);
      return tf.sum(tf.mul(tf.batchNorm(a, mean, variance, o, s, 1e-3), upstream));
    };
    return tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([x, scale, offset]).map((g) => g.dataSync() as Float32Array);
  });
}

describe('batch-norm gradient without Tile', () => {
  it('gives the same gradients as tfjs-core', async () => {
    await tf.setBackend('cpu');
    const xs = tf.tidy(() => tf.randomNormal([2, 3, 4, 5], 1, 2, 'float32', 7).dataSync() as Float32Array);
    const up = tf.tidy(() => tf.randomNormal([2, 3, 4, 5], 0, 1, 'float32', 8).dataSync() as Float32Array);
    const expected = bnGrads(xs, up);
    registerBatchNormGrad();
    const actual = bnGrads(xs, up);
    for (let k = 0; k < expected.length; k++) {
      expect(actual[k].length).toBe(expected[k].length);
      const maxDiff = actual[k].reduce((m, v, i) => Math.max(m, Math.abs(v - expected[k][i])), 0);
      expect(maxDiff).toBeLessThan(1e-4);
    }
    expect(Math.max(...expected[0].map(Math.abs))).toBeGreaterThan(1e-3);
  });
});

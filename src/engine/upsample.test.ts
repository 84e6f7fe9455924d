import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backends';
import { resize4D, resize4DByMatrices } from './upsample';
import { upsampleBilinear } from '../imaging/upsampleMap';
import { randomInput } from './testing/randomModels';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('upsampling', () => {
  it('upsampleBilinear equals tfjs resizeBilinear with half-pixel centres', () => {
    const map = Float32Array.from({ length: 3 * 5 }, (_, i) => Math.sin(i * 1.7) * 3);
    const ours = upsampleBilinear(map, 3, 5, 12, 17);
    const theirs = tf.tidy(() =>
      tf.image.resizeBilinear(tf.tensor4d(map, [1, 3, 5, 1]), [12, 17], false, true).dataSync(),
    );
    ours.forEach((v, i) => expect(v).toBeCloseTo(theirs[i], 5));
    expect(() => upsampleBilinear(map, 4, 5, 8, 10)).toThrow(/15 values for 4×5/);
  });

  it.each(['nearest', 'bilinear'] as const)('%s: native forward equals the interpolation matrices', (interpolation) => {
    const x = randomInput(3, 5, 1);
    const native = resize4D(x, 6, 15, interpolation);
    const matrices = resize4DByMatrices(x, 6, 15, interpolation);
    expect(tf.max(tf.abs(tf.sub(native, matrices))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([x, native, matrices]);
  });

  it.each(['nearest', 'bilinear'] as const)('%s: gradient is the transpose (non-square, on cpu)', (interpolation) => {
    const x = randomInput(3, 5, 2);
    const weights = randomInput(6, 15, 3);
    const loss = (f: typeof resize4D) => (input: tf.Tensor) => tf.sum(tf.mul(f(input as tf.Tensor4D, 6, 15, interpolation), weights));
    const ours = tf.grad(loss(resize4D))(x);
    const reference = tf.grad(loss(resize4DByMatrices))(x);
    expect(ours.shape).toEqual([1, 3, 5, 3]);
    expect(tf.max(tf.abs(tf.sub(ours, reference))).dataSync()[0]).toBeLessThan(1e-4);
    tf.dispose([x, weights, ours, reference]);
  });
});

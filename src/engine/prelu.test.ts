import '@tensorflow/tfjs-layers'; // registers tfjs's gradients, the reference here
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from './backends';
import { preluInputGrad } from './prelu';

// The engine's PReLU input gradient against tfjs's own, number for number, on the values where
// the two formulations could part: zeros of both signs, tiny and large magnitudes, slopes of
// both signs and zero.

afterAll(async () => {
  await initBackend('cpu');
});

describe.each(['cpu', 'wasm'] as const)('PReLU input gradient on %s', (backend) => {
  it('equals tfjs gradient of tf.prelu exactly, zeros and signed slopes included', async () => {
    await initBackend(backend);
    const values = [-2, -0, 0, 1e-30, -1e-30, 3, 5e20, -5e20, 0.5, -0.5, 1, -1];
    const x = tf.tensor4d(values.flatMap((v) => [v, -v, v, 0]), [1, 3, values.length / 3, 4]);
    const alpha = tf.tensor1d([0.25, -0.5, 0, 1.75]);
    const dy = tf.randomNormal(x.shape, 0, 3, 'float32', 7);
    const loss = (f: (v: tf.Tensor) => tf.Tensor) => (v: tf.Tensor) => tf.sum(tf.mul(f(v), dy));
    const expected = tf.grad(loss((v) => tf.prelu(v, alpha as tf.Tensor)))(x);
    const actual = tf.grad(loss((v) => preluInputGrad(v, alpha)))(x);
    const forward = [tf.prelu(x as tf.Tensor, alpha as tf.Tensor), preluInputGrad(x, alpha)];
    expect(Array.from(actual.dataSync())).toEqual(Array.from(expected.dataSync()));
    expect(Array.from(forward[1].dataSync())).toEqual(Array.from(forward[0].dataSync()));
    // Not vacuous: both branches and the zero slope occur.
    const factors = Array.from(tf.div(actual, dy).dataSync());
    expect(new Set(factors.map((f) => Math.round(f * 100) / 100))).toEqual(new Set([1, 0.25, -0.5, 0, 1.75]));
    tf.dispose([x, alpha, dy, expected, actual, ...forward]);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { conv2dInputGrad, type Padding } from './convolution';

// The strided input gradient, as stride² ordinary convolutions, against tfjs's own
// (Conv2DBackpropInput) on odd and even sizes, square and uneven kernels and strides.
describe('polyphase input gradient of strided convolutions', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const cases: [string, [number, number], [number, number], Padding, [number, number]][] = [
    ['3×3 stride 2 same, even size', [3, 3], [2, 2], 'same', [12, 16]],
    ['3×3 stride 2 same, odd size', [3, 3], [2, 2], 'same', [13, 17]],
    ['3×3 stride 2 valid, odd size', [3, 3], [2, 2], 'valid', [13, 15]],
    ['2×2 stride 2 valid', [2, 2], [2, 2], 'valid', [12, 16]],
    ['1×1 stride 2 valid (taps of one phase only)', [1, 1], [2, 2], 'valid', [11, 14]],
    ['4×4 stride 2 same', [4, 4], [2, 2], 'same', [12, 15]],
    ['5×3 stride 2×1 same', [5, 3], [2, 1], 'same', [11, 9]],
    ['3×3 stride 3 valid', [3, 3], [3, 3], 'valid', [14, 16]],
    ['2×5 stride 3×2 same', [2, 5], [3, 2], 'same', [10, 13]],
  ];

  for (const [name, [kh, kw], strides, padding, [h, w]] of cases) {
    it(name, () => {
      const x = tf.randomNormal([1, h, w, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
      const kernel = tf.randomNormal([kh, kw, 3, 5], 0, 1, 'float32', 2) as tf.Tensor4D;
      const theirs = (v: tf.Tensor) => tf.conv2d(v as tf.Tensor4D, kernel, strides, padding);
      const ours = (v: tf.Tensor) => conv2dInputGrad(v as tf.Tensor4D, kernel, { strides, dilation: [1, 1], padding });
      const outShape = tf.tidy(() => theirs(x).shape);
      const dy = tf.randomNormal(outShape, 0, 1, 'float32', 3);
      const expected = tf.grad(theirs)(x, dy);
      const actual = tf.grad(ours)(x, dy);
      expect(actual.shape).toEqual(x.shape);
      const [a, e] = [actual.dataSync(), expected.dataSync()];
      let worst = 0;
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - e[i]));
      expect(worst).toBeLessThan(1e-5);
      // Not a zero map that would pass by accident.
      expect(Math.max(...e.map(Math.abs))).toBeGreaterThan(0.1);
      tf.dispose([x, kernel, dy, expected, actual]);
    });
  }
});

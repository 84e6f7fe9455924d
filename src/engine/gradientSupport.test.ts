import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { conv2dInputGrad, depthwiseConv2dInputGrad, type ConvGeometry } from './convolution';
import { nonzeroSupport } from './gradientSupport';
import { seededRandom } from '../metrics/seededRandom';

/** dy [1,h,w,c], zero outside rows [top, bottom) and columns [left, right), random inside. */
function sparseGradient(shape: [number, number, number, number], box: { top: number; bottom: number; left: number; right: number }, seed: number): tf.Tensor4D {
  const random = seededRandom(seed);
  const [, h, w, c] = shape;
  const values = new Float32Array(h * w * c);
  for (let y = box.top; y < box.bottom; y++) for (let x = box.left; x < box.right; x++) for (let k = 0; k < c; k++) values[(y * w + x) * c + k] = random() * 2 - 1;
  return tf.tensor4d(values, shape);
}

/** A kernel [kh,kw,i,o] with dilation−1 zero rows and columns between its taps. */
function undilated(kernel: tf.Tensor4D, [dh, dw]: [number, number]): tf.Tensor4D {
  const [kh, kw, i, o] = kernel.shape;
  const values = kernel.arraySync();
  const spread = Array.from({ length: dh * (kh - 1) + 1 }, (_, y) =>
    Array.from({ length: dw * (kw - 1) + 1 }, (_, x) =>
      y % dh === 0 && x % dw === 0 ? values[y / dh][x / dw] : Array.from({ length: i }, () => new Array<number>(o).fill(0)),
    ),
  );
  return tf.tensor4d(spread);
}

describe('gradient support', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('finds the smallest box holding every nonzero value', () => {
    const image = new Float32Array(5 * 7 * 2);
    expect(nonzeroSupport(new Uint32Array(image.buffer), 5, 7, 2)).toBeNull();
    image[(1 * 7 + 4) * 2 + 1] = 0.5;
    image[(3 * 7 + 2) * 2] = -1;
    expect(nonzeroSupport(new Uint32Array(image.buffer), 5, 7, 2)).toEqual({ top: 1, bottom: 4, left: 2, right: 5 });
    image.fill(0);
    image[(4 * 7 + 6) * 2 + 1] = 1e-30;
    expect(nonzeroSupport(new Uint32Array(image.buffer), 5, 7, 2)).toEqual({ top: 4, bottom: 5, left: 6, right: 7 });
  });

  // Cropping to the support must give what tfjs's own gradients give for the whole image.
  const geometries: [string, [number, number], ConvGeometry][] = [
    ['3×3 same', [3, 3], { strides: [1, 1], dilation: [1, 1], padding: 'same' }],
    ['3×3 valid', [3, 3], { strides: [1, 1], dilation: [1, 1], padding: 'valid' }],
    ['1×1', [1, 1], { strides: [1, 1], dilation: [1, 1], padding: 'valid' }],
    ['2×4 same (uneven padding)', [2, 4], { strides: [1, 1], dilation: [1, 1], padding: 'same' }],
    ['3×3 dilated 2 same', [3, 3], { strides: [1, 1], dilation: [2, 2], padding: 'same' }],
    ['5×3 dilated 2×1 valid', [5, 3], { strides: [1, 1], dilation: [2, 1], padding: 'valid' }],
  ];
  const boxes = {
    'one pixel in the middle': (h: number, w: number) => ({ top: h >> 1, bottom: (h >> 1) + 1, left: w >> 1, right: (w >> 1) + 1 }),
    'a corner': () => ({ top: 0, bottom: 2, left: 0, right: 3 }),
    'the far edge': (h: number, w: number) => ({ top: h - 3, bottom: h, left: w - 1, right: w }),
    'everywhere': (h: number, w: number) => ({ top: 0, bottom: h, left: 0, right: w }),
    'nowhere': () => ({ top: 0, bottom: 0, left: 0, right: 0 }),
  };

  for (const [name, [kh, kw], geometry] of geometries) {
    it(`${name}: the input gradient of conv2d and depthwise conv equals tfjs's own`, () => {
      const x = tf.randomNormal([1, 13, 17, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
      const kernel = tf.randomNormal([kh, kw, 3, 4], 0, 1, 'float32', 2) as tf.Tensor4D;
      const depthKernel = tf.randomNormal([kh, kw, 3, 2], 0, 1, 'float32', 3) as tf.Tensor4D;
      // tfjs has no gradient for dilated convolutions: its reference is the undilated
      // convolution with the kernel spread out by zeros (the same function).
      const spreadKernel = undilated(kernel, geometry.dilation);
      const spreadDepthKernel = undilated(depthKernel, geometry.dilation);
      const cases = [
        { ours: (v: tf.Tensor4D) => conv2dInputGrad(v, kernel, geometry), theirs: (v: tf.Tensor4D) => tf.conv2d(v, spreadKernel, 1, geometry.padding) },
        {
          ours: (v: tf.Tensor4D) => depthwiseConv2dInputGrad(v, depthKernel, geometry),
          theirs: (v: tf.Tensor4D) => tf.depthwiseConv2d(v, spreadDepthKernel, 1, geometry.padding),
        },
      ];
      for (const { ours, theirs } of cases) {
        const outShape = tf.tidy(() => theirs(x).shape) as [number, number, number, number];
        for (const [boxName, box] of Object.entries(boxes)) {
          const dy = sparseGradient(outShape, box(outShape[1], outShape[2]), 7);
          const expected = tf.grad((v) => theirs(v as tf.Tensor4D))(x, dy);
          const actual = tf.grad((v) => ours(v as tf.Tensor4D))(x, dy);
          expect(actual.shape, boxName).toEqual(x.shape);
          const a = actual.dataSync();
          const e = expected.dataSync();
          let worst = 0;
          for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - e[i]));
          expect(worst, `${boxName}`).toBeLessThan(1e-5);
          tf.dispose([dy, actual, expected]);
        }
      }
      tf.dispose([x, kernel, depthKernel, spreadKernel, spreadDepthKernel]);
    });
  }
});

import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmConvGradients } from './wasmConvGrads';

interface Case {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number;
  pad: 'same' | 'valid';
}

const cases: Case[] = [
  { name: '3×3 stride 1 same', x: [2, 9, 12, 3], filter: [3, 3, 3, 5], strides: 1, pad: 'same' },
  { name: '3×3 stride 1 valid', x: [1, 8, 7, 4], filter: [3, 3, 4, 2], strides: 1, pad: 'valid' },
  { name: '3×3 stride 2 same', x: [2, 9, 10, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'same' },
  { name: '3×3 stride 2 valid', x: [1, 9, 8, 2], filter: [3, 3, 2, 3], strides: 2, pad: 'valid' },
  { name: '1×1 stride 1 same', x: [2, 5, 6, 7], filter: [1, 1, 7, 3], strides: 1, pad: 'same' },
  { name: '1×1 stride 2 valid', x: [1, 6, 6, 3], filter: [1, 1, 3, 4], strides: 2, pad: 'valid' },
  { name: '2×2 stride 2 same', x: [1, 8, 8, 3], filter: [2, 2, 3, 4], strides: 2, pad: 'same' },
];

function randomArray(shape: number[], seed: number): Float32Array {
  return tf.tidy(() => tf.randomNormal(shape, 0, 1, 'float32', seed).dataSync() as Float32Array);
}

/** Gradients of Σ conv(x, w) · upstream with respect to x and w, on the current backend. */
function convGrads(c: Case, xs: Float32Array, ws: Float32Array, up: Float32Array, outShape: number[]) {
  return tf.tidy(() => {
    const x = tf.tensor4d(xs, c.x);
    const w = tf.tensor4d(ws, c.filter);
    const upstream = tf.tensor(up, outShape);
    const f = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad), upstream));
    const [dx, dw] = tf.grads(f)([x, w]);
    return { dx: dx.dataSync() as Float32Array, dw: dw.dataSync() as Float32Array };
  });
}

describe('wasm conv gradient kernels', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    registerWasmConvGradients();
  });

  for (const c of cases) {
    it(`match the cpu backend: ${c.name}`, async () => {
      await tf.setBackend('cpu');
      const outShape = tf.tidy(() => tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(c.filter) as tf.Tensor4D, c.strides, c.pad).shape);
      const xs = randomArray(c.x, 1);
      const ws = randomArray(c.filter, 2);
      const up = randomArray(outShape, 3);
      const expected = convGrads(c, xs, ws, up, outShape);
      await tf.setBackend('wasm');
      const before = tf.memory().numTensors;
      const actual = convGrads(c, xs, ws, up, outShape);
      expect(tf.memory().numTensors).toBe(before);
      const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
      expect(actual.dw.length).toBe(expected.dw.length);
      expect(maxDiff(actual.dw, expected.dw)).toBeLessThan(1e-3);
      expect(maxDiff(actual.dx, expected.dx)).toBeLessThan(1e-3);
      expect(Math.max(...expected.dw.map(Math.abs))).toBeGreaterThan(0.1);
    });
  }

  it('leaves no wasm memory behind', async () => {
    await tf.setBackend('wasm');
    const c = cases[0];
    const xs = randomArray(c.x, 4);
    const ws = randomArray(c.filter, 5);
    const up = randomArray([2, 9, 12, 5], 6);
    convGrads(c, xs, ws, up, [2, 9, 12, 5]);
    const bytes = tf.memory().numBytes;
    convGrads(c, xs, ws, up, [2, 9, 12, 5]);
    expect(tf.memory().numBytes).toBe(bytes);
    const backend = tf.backend() as unknown as { dataIdMap: { numDataIds(): number } };
    const ids = backend.dataIdMap.numDataIds();
    convGrads(c, xs, ws, up, [2, 9, 12, 5]);
    expect(backend.dataIdMap.numDataIds()).toBe(ids);
  });
});

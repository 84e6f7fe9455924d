import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backends';
import { sliceInto } from './wasmCopies';
import { seededRandom } from '../../metrics/seededRandom';

// The wasm Slice, SplitV and Concat kernels the engine registers (for speed) must give
// exactly what tfjs-cpu gives, for every rank, axis and dtype the graphs produce.

beforeAll(async () => {
  await initBackend('wasm');
});

function naiveSlice(x: Float32Array, shape: number[], begin: number[], size: number[]): Float32Array {
  const out = new Float32Array(size.reduce((a, b) => a * b, 1));
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  for (let o = 0; o < out.length; o++) {
    let rest = o;
    let from = 0;
    for (let a = shape.length - 1; a >= 0; a--) {
      const i = rest % size[a];
      rest = Math.floor(rest / size[a]);
      from += (begin[a] + i) * strides[a];
    }
    out[o] = x[from];
  }
  return out;
}

async function on<T>(backend: 'wasm' | 'cpu', fn: () => T): Promise<T> {
  await initBackend(backend);
  expect(tf.getBackend()).toBe(backend);
  return fn();
}

describe('engine copies on wasm', () => {
  it('sliceInto equals an index-by-index slice for 300 random shapes and windows', () => {
    const random = seededRandom(7);
    for (let t = 0; t < 300; t++) {
      const rank = 1 + Math.floor(random() * 5);
      const shape = Array.from({ length: rank }, () => 1 + Math.floor(random() * (rank > 3 ? 5 : 90)));
      const begin = shape.map((d) => Math.floor(random() * d));
      const size = shape.map((d, a) => 1 + Math.floor(random() * (d - begin[a])));
      if (random() < 0.3) size.forEach((_, a) => a > 0 && ((begin[a] = 0), (size[a] = shape[a])));
      const x = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random());
      const out = new Float32Array(size.reduce((a, b) => a * b, 1));
      sliceInto(x, shape, begin, size, out);
      expect(Array.from(out)).toEqual(Array.from(naiveSlice(x, shape, begin, size)));
    }
  });

  it('Slice, split and concat on wasm equal tfjs-cpu (float32 and int32, every axis)', async () => {
    const random = seededRandom(9);
    for (let t = 0; t < 40; t++) {
      const shape = [1, 2 + Math.floor(random() * 9), 2 + Math.floor(random() * 9), 1 + Math.floor(random() * 70)];
      const axis = Math.floor(random() * 4);
      const dtype = t % 3 === 0 ? 'int32' : 'float32';
      const values = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.floor(random() * 1000) - 500);
      const begin = shape.map((d) => Math.floor(random() * d));
      const size = shape.map((d, a) => d - begin[a]);
      const split = [Math.max(1, shape[axis] >> 1), shape[axis] - Math.max(1, shape[axis] >> 1)].filter((s) => s > 0);
      const run = () =>
        tf.tidy(() => {
          const x = tf.tensor(values, shape, dtype);
          const y = tf.tensor(values.map((v) => v * 3), shape, dtype);
          return [tf.slice(x, begin, size), ...tf.split(x, split, axis), tf.concat([x, y, x], axis)].map((r) => [r.shape, Array.from(r.dataSync())]);
        });
      expect(await on('wasm', run)).toEqual(await on('cpu', run));
    }
  });
});

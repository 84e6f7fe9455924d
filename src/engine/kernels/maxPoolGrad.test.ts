import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEngineKernels } from './register';
import reference from './reference/maxPoolGrad.reference.json';

// The max-pool input gradient at ties, checked against PyTorch (reference/*.py wrote the JSON)
// on wasm with the engine's kernel and on cpu.

interface Case {
  name: string;
  filter: number;
  stride: number;
  padding: 'same' | 'valid';
  xShape: [number, number, number, number];
  x: number[];
  dyShape: number[];
  dy: number[];
  dx: number[];
}

const cases = reference.cases as Case[];

async function inputGradient(backend: string, c: Case): Promise<Float32Array> {
  await tf.setBackend(backend);
  const x = tf.tensor4d(c.x, c.xShape);
  const dy = tf.tensor(c.dy, c.dyShape);
  const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(input as tf.Tensor4D, c.filter, c.stride, c.padding), dy)))(x);
  const values = (await dx.data()) as Float32Array;
  tf.dispose([x, dy, dx]);
  return values;
}

beforeAll(async () => {
  registerEngineKernels('wasm');
  await tf.setBackend('wasm');
  await tf.ready();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('MaxPoolGrad: the first maximum of each window takes its gradient', () => {
  it('has tie-heavy PyTorch references', () => {
    expect(cases.length).toBeGreaterThanOrEqual(5);
    // The canonical failure: wasm 4.22 returned [1,0,…,0] here.
    const zeros = cases.find((c) => c.name.startsWith('4x4 zeros'))!;
    expect(zeros.dx.filter((v) => v !== 0)).toHaveLength(4);
  });

  for (const c of cases) {
    it(`wasm and cpu equal PyTorch: ${c.name}`, async () => {
      const wasm = await inputGradient('wasm', c);
      const cpu = await inputGradient('cpu', c);
      expect(Array.from(wasm)).toEqual(c.dx);
      expect(Array.from(cpu)).toEqual(c.dx);
    });
  }

  it('ignores padded positions even when every real value is below zero', async () => {
    const c: Case = {
      name: 'negative, same',
      filter: 3,
      stride: 2,
      padding: 'same',
      xShape: [1, 4, 4, 1],
      x: Array.from({ length: 16 }, () => -3),
      dyShape: [1, 2, 2, 1],
      dy: [1, 2, 3, 4],
      dx: [],
    };
    const wasm = await inputGradient('wasm', c);
    const cpu = await inputGradient('cpu', c);
    expect(Array.from(wasm)).toEqual(Array.from(cpu));
    expect(wasm.reduce((a, b) => a + b, 0)).toBe(10);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { initBackend } from './backends';
import { Explainer } from './explainer';
import { buildUNet, randomInput } from './testing/randomModels';
import type { LayersModel } from '@tensorflow/tfjs-layers';

// As firstExplanationHeap.test.ts, for convolutions with a fused ReLU (Conv2D(activation:
// 'relu'), common in U-Nets brought by users): the cache keeps the activated output, so the
// sweep looks them up instead of computing their inputs again. Before, a chain of them was
// computed back to the first batch norm at the start of the sweep and held: the heap grew by
// 1.17× all layer outputs; now 0.71×. A process of its own: the heap below is fresh.

const HEIGHT = 256;
const WIDTH = 512;

let model: LayersModel;
let explainer: Explainer;
let input: tf.Tensor4D;
let allOutputs = 0;

const heapBytes = () => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;

beforeAll(async () => {
  await initBackend('wasm');
  model = buildUNet(HEIGHT, WIDTH, 5).model;
  explainer = Explainer.create(model);
  input = randomInput(HEIGHT, WIDTH, 6);
  allOutputs = explainer.layers.reduce((sum, l) => sum + l.shape[0] * l.shape[1] * l.shape[2] * 4, 0);
});

afterAll(() => {
  input.dispose();
  explainer.dispose();
  model.dispose();
});

it('the first all-layer explanation grows the wasm heap by less than all layer outputs', async () => {
  expect(model.layers.some((l) => l.getClassName() === 'Conv2D' && (l.getConfig() as { activation?: string }).activation === 'relu')).toBe(true);
  await explainer.segment(input);
  const before = heapBytes();
  const mask = new Uint8Array(explainer.outputSize.height * explainer.outputSize.width);
  mask[mask.length >> 1] = 1;
  const [explanation] = await explainer.explain(input, { classIndex: 1, mask });
  expect(explanation.layers).toHaveLength(explainer.layers.length);
  expect(heapBytes() - before).toBeLessThan(0.85 * allOutputs);
});

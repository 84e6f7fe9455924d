import type * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { initBackend } from './backends';
import { Explainer } from './explainer';
import { allLayerOutputBytes, firstClickHeapGrowth } from './testing/heapGrowth';
import { buildUNet, randomInput } from './testing/randomModels';
import type { LayersModel } from '@tensorflow/tfjs-layers';

// As firstExplanationHeap.test.ts, for convolutions with a fused ReLU (Conv2D(activation:
// 'relu'), common in U-Nets brought by users): the cache keeps the activated output, so the
// sweep looks them up instead of computing their inputs again. Before, a chain of them was
// computed back to the first batch norm at the start of the sweep and held: the heap grew by
// 1.17× all layer outputs; now 0.71×. A process of its own: the heap below is fresh.

let model: LayersModel;
let explainer: Explainer;
let input: tf.Tensor4D;

beforeAll(async () => {
  await initBackend('wasm');
  model = buildUNet(256, 512, 5).model;
  explainer = Explainer.create(model);
  input = randomInput(256, 512, 6);
});

afterAll(() => {
  input.dispose();
  explainer.dispose();
  model.dispose();
});

it('the first all-layer click grows the wasm heap by less than all layer outputs', async () => {
  expect(model.layers.some((l) => l.getClassName() === 'Conv2D' && (l.getConfig() as { activation?: string }).activation === 'relu')).toBe(true);
  const { height, width } = explainer.outputSize;
  const centre = new Uint8Array(height * width);
  centre[centre.length >> 1] = 1;
  const { explanation, growth } = await firstClickHeapGrowth(explainer, input, () => ({ classIndex: 1, mask: centre }));
  expect(explanation.layers).toHaveLength(explainer.layers.length);
  expect(growth).toBeLessThan(0.85 * allLayerOutputBytes(explainer));
});

import { fileURLToPath } from 'node:url';
import type * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadModelFromDisk } from '../model/loadModelNode';
import { generateScene } from '../scenes/generate';
import { initBackend } from './backends';
import { Explainer } from './explainer';
import { toModelInput } from './preprocess';
import { allLayerOutputBytes, firstClickHeapGrowth } from './testing/heapGrowth';
import type { LayersModel } from '@tensorflow/tfjs-layers';

// The explanation's forward pass keeps only what the replay cache holds anyway (convolutions,
// batch norms), and a click on a segmented image looks those up instead of running a forward
// pass; the backward sweep computes the element-wise rest again as it reaches it. So the first
// click grows the heap by much less than a pass that kept every layer's output (0.64× all
// outputs for the shipped U-Net when it did). This file runs in a process of its own.

const MODEL = fileURLToPath(new URL('../../public/models/unet-streets/model.json', import.meta.url));
const CAR = 13;

let model: LayersModel;
let explainer: Explainer;
let input: tf.Tensor4D;

beforeAll(async () => {
  await initBackend('wasm');
  const loaded = await loadModelFromDisk(MODEL);
  model = loaded.model;
  const { height, width } = loaded.descriptor.input;
  explainer = Explainer.create(model, { inputSize: loaded.descriptor.input, output: loaded.descriptor.output });
  input = toModelInput(generateScene(330, { width, height }).image, height, width, 3, loaded.descriptor.preprocess);
});

afterAll(() => {
  input.dispose();
  explainer.dispose();
  model.dispose();
});

it('the first all-layer click on the shipped U-Net grows the wasm heap by less than half of all layer outputs', async () => {
  const carMask = (labels: Uint8Array) => Uint8Array.from(labels, (label) => (label === CAR ? 1 : 0));
  const { explanation, growth } = await firstClickHeapGrowth(explainer, input, (labels) => ({ classIndex: CAR, mask: carMask(labels) }));
  expect(explanation.maskSize).toBeGreaterThan(0);
  expect(explanation.layers).toHaveLength(explainer.layers.length);
  expect(growth).toBeLessThan(0.5 * allLayerOutputBytes(explainer));
});

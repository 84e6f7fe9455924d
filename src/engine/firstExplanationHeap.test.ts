import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadModelFromDisk } from '../model/loadModelNode';
import { generateScene } from '../scenes/generate';
import { initBackend } from './backends';
import { Explainer } from './explainer';
import { toModelInput } from './preprocess';
import type { LayersModel } from '@tensorflow/tfjs-layers';

// On wasm a page of heap costs milliseconds the first time it is written, and the heap never
// shrinks: what a first click pays is how far it grows the heap. The explanation's forward pass
// keeps only what the replay cache holds anyway (convolutions, batch norms); the backward sweep
// computes the element-wise rest again as it reaches it, so the heap grows by much less than
// a pass that kept every layer's output (0.64× all outputs for the shipped U-Net when it did).
// This file runs in a process of its own: the heap below is fresh.

const MODEL = fileURLToPath(new URL('../../public/models/unet-streets/model.json', import.meta.url));
const CAR = 13;

let model: LayersModel;
let explainer: Explainer;
let input: tf.Tensor4D;
let allOutputs = 0;

const heapBytes = () => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;

beforeAll(async () => {
  await initBackend('wasm');
  const loaded = await loadModelFromDisk(MODEL);
  model = loaded.model;
  const { height, width } = loaded.descriptor.input;
  explainer = Explainer.create(model, { inputSize: loaded.descriptor.input, output: loaded.descriptor.output });
  input = toModelInput(generateScene(330, { width, height }).image, height, width, 3, loaded.descriptor.preprocess);
  allOutputs = explainer.layers.reduce((sum, l) => sum + l.shape[0] * l.shape[1] * l.shape[2] * 4, 0);
});

afterAll(() => {
  input.dispose();
  explainer.dispose();
  model.dispose();
});

it('the first all-layer explanation grows the wasm heap by less than half of all layer outputs', async () => {
  const segmentation = await explainer.segment(input);
  const before = heapBytes();
  const mask = Uint8Array.from(segmentation.labels, (label) => (label === CAR ? 1 : 0));
  expect(mask.some((v) => v === 1)).toBe(true);
  const [explanation] = await explainer.explain(input, { classIndex: CAR, mask });
  expect(explanation.layers).toHaveLength(explainer.layers.length);
  expect(heapBytes() - before).toBeLessThan(0.5 * allOutputs);
});

import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backends';
import { Explainer } from './explainer';
import { buildUNet, randomInput } from './testing/randomModels';
import type { LayersModel } from '@tensorflow/tfjs-layers';

// The most memory a pass holds at once is what wasm's heap grows to, and a fresh heap page
// costs time the first time it is touched: the first segmentation and the first click pay for
// every megabyte. A forward pass frees each value after its last reader; the explanation's
// backward sweep frees each gradient and activation once nothing earlier needs it.

let model: LayersModel;
let explainer: Explainer;
let image: tf.Tensor4D;
/** Bytes of every layer's output: what a pass that freed nothing would hold at least. */
let allOutputs = 0;

beforeAll(async () => {
  await initBackend('wasm');
  model = buildUNet(64, 96, 5).model;
  explainer = Explainer.create(model);
  image = randomInput(64, 96, 6);
  allOutputs = explainer.layers.reduce((sum, l) => sum + l.shape[0] * l.shape[1] * l.shape[2] * 4, 0);
});

afterAll(() => {
  explainer.dispose();
  image.dispose();
  model.dispose();
});

/** Peak bytes held during fn, above what was held before it. */
async function peakAbove(fn: () => Promise<unknown>): Promise<number> {
  const before = tf.memory().numBytes;
  const profile = await tf.profile(fn as () => Promise<tf.TensorContainer>);
  return profile.peakBytes - before;
}

describe('peak memory of a pass', () => {
  it('a forward pass that keeps nothing (a score) holds a fraction of all layer outputs at once', async () => {
    const mask = new Uint8Array(explainer.outputSize.height * explainer.outputSize.width).fill(1);
    const peak = await peakAbove(async () => explainer.score(image, { classIndex: 0, mask }));
    expect(peak).toBeLessThan(0.6 * allOutputs);
  });

  it('an all-layer explanation holds less than twice all layer outputs', async () => {
    const mask = new Uint8Array(explainer.outputSize.height * explainer.outputSize.width);
    mask[mask.length >> 1] = 1;
    await explainer.segment(image);
    const peak = await peakAbove(() => explainer.explain(image, { classIndex: 1, mask }, { methods: ['seg-grad-cam', 'hires-cam'] }));
    expect(peak).toBeLessThan(2 * allOutputs);
  });
});

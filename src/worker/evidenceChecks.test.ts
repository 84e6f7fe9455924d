import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { Explainer } from '../engine/explainer';
import { buildUNet } from '../engine/testing/randomModels';
import { LIVE_DELETION_STEPS, liveFaithfulness, Yielded } from './evidenceChecks';
import { descriptor, H, image, W } from './testing/tinyLoaders';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A real explainer whose forward passes (score calls) are counted. */
function countingExplainer(): { explainer: Explainer; passes: () => number } {
  const explainer = Explainer.create(buildUNet(H, W, 3).model, { inputSize: { height: H, width: W }, output: 'logits' });
  let passes = 0;
  const score = explainer.score.bind(explainer);
  explainer.score = (...args) => (passes++, score(...args));
  return { explainer, passes: () => passes };
}

const mask = Uint8Array.from({ length: H * W }, (_, i) => (i % W > 8 && i % W < 14 ? 1 : 0));
const target = { classIndex: 1, mask };
const map = Float32Array.from({ length: H * W }, (_, i) => Math.sin(i * 0.37) + 1);

describe('liveFaithfulness', () => {
  it('runs every forward pass of both curves when nothing else waits', async () => {
    const { explainer, passes } = countingExplainer();
    const result = await liveFaithfulness(explainer, descriptor('t'), image(1), target, map);
    // Deletion has steps + 1 images; insertion shares its two ends.
    expect(passes()).toBe(2 * LIVE_DELETION_STEPS);
    expect(result.deletion).toHaveLength(LIVE_DELETION_STEPS + 1);
    expect(Number.isFinite(result.deletionAuc) && Number.isFinite(result.insertionAuc)).toBe(true);
  });

  it('gives way as soon as other work waits, without another forward pass', async () => {
    const { explainer, passes } = countingExplainer();
    const waitsAfterThree = () => passes() >= 3;
    await expect(liveFaithfulness(explainer, descriptor('t'), image(1), target, map, waitsAfterThree)).rejects.toBeInstanceOf(Yielded);
    expect(passes()).toBe(3);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Explainer } from '../engine/explainer';
import { generateScene } from '../scenes/generate';
import { buildUnet } from '../model/unet';
import { initNodeBackend } from './backend';
import { addLogitBiases, collectCalibrationSet } from './logitBiases';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

const BIASES = [0.5, -1, 0, 2, -0.25];

describe('logit offsets folded into the U-Net', () => {
  it('adds each offset to its class logit, and the calibration set holds those logits', () => {
    const model = buildUnet({ height: 16, width: 32, base: 4, numClasses: 5, seed: 3 });
    const scenes = [1, 2, 3].map((seed) => generateScene(seed, { height: 16, width: 32 }));
    const before = collectCalibrationSet(model, scenes, 5, 2);
    addLogitBiases(model, BIASES);
    const after = collectCalibrationSet(model, scenes, 5, 2);
    expect(after.logits).toHaveLength(3);
    expect(after.labels[2]).toBe(scenes[2].labels);
    after.logits.forEach((logits, s) => {
      expect(logits).toHaveLength(16 * 32 * 5);
      logits.forEach((v, i) => expect(v).toBeCloseTo(before.logits[s][i] + BIASES[i % 5], 4));
    });
    model.dispose();
  });

  it('leaves every explanation unchanged: a constant offset has no gradient', async () => {
    const model = buildUnet({ height: 16, width: 32, base: 4, numClasses: 5, seed: 4 });
    const input = tf.randomUniform([1, 16, 32, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const mask = new Uint8Array(16 * 32).fill(1, 40, 90);
    const explain = async () => {
      const explainer = Explainer.create(model);
      const [explanation] = await explainer.explain(input, { classIndex: 3, mask }, { layers: ['enc2', 'bottleneck', 'dec1'] });
      explainer.dispose();
      return explanation.layers;
    };
    const before = await explain();
    addLogitBiases(model, BIASES);
    const after = await explain();
    expect(before.some((l) => l.rawMax > 0)).toBe(true);
    after.forEach((layer, i) => {
      layer.alpha.forEach((a, k) => expect(a).toBeCloseTo(before[i].alpha[k], 5));
      layer.raw.forEach((r, k) => expect(r).toBeCloseTo(before[i].raw[k], 4));
    });
    input.dispose();
    model.dispose();
  });

  it('refuses a model whose last layer has no bias of the right size', () => {
    const model = buildUnet({ height: 16, width: 32, base: 4, numClasses: 5 });
    expect(() => addLogitBiases(model, [1, 2, 3])).toThrow(/no bias of 3 channels/);
    model.dispose();
  });
});

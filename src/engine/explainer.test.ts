import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backends';
import { Explainer } from './explainer';
import { buildUNet, randomInput } from './testing/randomModels';

beforeAll(async () => {
  await initBackend('cpu');
});

function pixelMask(size: number, ...indices: number[]): Uint8Array {
  const mask = new Uint8Array(size);
  for (const i of indices) mask[i] = 1;
  return mask;
}

describe('Explainer on a U-Net', () => {
  it('lists explainable layers in graph order with roles, and picks the bottleneck', () => {
    const { model } = buildUNet();
    const explainer = Explainer.create(model);
    const names = explainer.layers.map((l) => l.name);
    expect(names[0]).toBe('enc1_conv');
    expect(names[names.length - 1]).toBe('logits');
    expect(names).not.toContain('image');
    const role = (n: string) => explainer.layers.find((l) => l.name === n)?.role;
    expect(role('enc2_relu')).toBe('encoder');
    expect(role('bottleneck')).toBe('bottleneck');
    expect(role('dec2_conv')).toBe('decoder');
    expect(explainer.layers.find((l) => l.name === 'cat2')?.shape).toEqual([8, 12, 14]);
    expect(explainer.defaultLayer).toBe('bottleneck');
    expect(explainer.outputSize).toEqual({ height: 16, width: 24 });
    expect(explainer.numClasses).toBe(4);
  });

  it('predicts the same logits as model.predict', () => {
    const { model } = buildUNet();
    const explainer = Explainer.create(model);
    const input = randomInput(16, 24, 5);
    const ours = explainer.predict(input);
    const theirs = model.predict(input) as tf.Tensor;
    const diff = tf.max(tf.abs(tf.sub(ours, theirs))).dataSync()[0];
    expect(diff).toBeLessThan(1e-5);
    tf.dispose([ours, theirs, input]);
  });

  it('rejects bad targets and unknown layers with clear errors', async () => {
    const { model } = buildUNet();
    const explainer = Explainer.create(model);
    const input = randomInput(16, 24, 5);
    const size = 16 * 24;
    await expect(explainer.explain(input, { classIndex: 0, mask: new Uint8Array(size) })).rejects.toThrow(/empty/);
    await expect(explainer.explain(input, { classIndex: 4, mask: pixelMask(size, 3) })).rejects.toThrow(/out of range/);
    await expect(explainer.explain(input, { classIndex: 0, mask: pixelMask(10, 3) })).rejects.toThrow(/384/);
    await expect(
      explainer.explain(input, { classIndex: 0, mask: pixelMask(size, 3) }, { layers: ['nope'] }),
    ).rejects.toThrow(/unknown layer "nope"/);
    expect(() => Explainer.create(model, { defaultLayer: 'nope' })).toThrow(/unknown layer/);
    input.dispose();
  });

  it('does not leak tensors nor change weights over 100 explanations', async () => {
    const { model } = buildUNet(8, 12);
    const before = model.getWeights().map((w) => w.dataSync().slice());
    const explainer = Explainer.create(model);
    const input = randomInput(8, 12, 9);
    const mask = pixelMask(8 * 12, 5, 17, 40);
    await explainer.explain(input, { classIndex: 2, mask }, { methods: ['seg-grad-cam', 'saliency'] });
    const baseline = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      await explainer.explain(input, { classIndex: i % 4, mask }, { methods: ['seg-grad-cam', 'grad-cam-pp', 'saliency'] });
    }
    await explainer.segment(input);
    tf.dispose(explainer.predict(input));
    expect(tf.memory().numTensors).toBe(baseline);
    const after = model.getWeights().map((w) => w.dataSync());
    after.forEach((values, i) => expect(Buffer.from(values.buffer).equals(Buffer.from(before[i].buffer))).toBe(true));
    input.dispose();
  });
});

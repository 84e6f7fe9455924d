import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backends';
import { Explainer } from './explainer';
import * as tfl from '@tensorflow/tfjs-layers';
import { buildDilatedGatedNet, buildSequentialNet, buildUNet, randomInput } from './testing/randomModels';

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
    // kept weight-derived tensors (flipped kernels) go with the explainer
    const withCache = tf.memory().numTensors;
    explainer.dispose();
    expect(tf.memory().numTensors).toBeLessThan(withCache);
    expect(() => explainer.predict(input)).toThrow(/disposed/);
  });

  it('replays layers it has no rewrite for through layer.apply', async () => {
    const image = tfl.input({ shape: [8, 12, 3] });
    let x = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'c1' }).apply(image) as tfl.SymbolicTensor;
    x = tfl.layers.layerNormalization({ name: 'norm' }).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.conv2d({ filters: 3, kernelSize: 1, name: 'out' }).apply(x) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: image, outputs: x });
    const explainer = Explainer.create(model);
    expect(explainer.layers.map((l) => l.name)).toEqual(['c1', 'norm', 'out']);
    const input = randomInput(8, 12, 3);
    const ours = explainer.predict(input);
    const theirs = model.predict(input) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(ours, theirs))).dataSync()[0]).toBeLessThan(1e-5);
    const [explanation] = await explainer.explain(input, { classIndex: 0, mask: pixelMask(96, 40) });
    expect(explanation.layers.every((l) => l.raw.every(Number.isFinite))).toBe(true);
    tf.dispose([input, ours, theirs]);
  });
});

describe('softmax heads and model checks', () => {
  it('skips a final softmax Activation layer and explains the logits before it', () => {
    const model = buildDilatedGatedNet();
    const explainer = Explainer.create(model, { output: 'softmax' });
    const names = explainer.layers.map((l) => l.name);
    expect(names).not.toContain('softmax');
    expect(names[names.length - 1]).toBe('logits');
    const input = randomInput(8, 12, 1);
    const logits = explainer.predict(input);
    // logits, not probabilities: they do not sum to 1 per pixel
    const sums = tf.sum(logits, 3).dataSync();
    expect(sums.some((v) => Math.abs(v - 1) > 1e-3)).toBe(true);
    tf.dispose([input, logits]);
  });

  it('replays a last conv with activation softmax as linear', () => {
    const model = buildSequentialNet();
    const explainer = Explainer.create(model);
    const input = randomInput(8, 12, 2);
    const logits = explainer.predict(input);
    const probabilities = model.predict(input) as tf.Tensor;
    const diff = tf.max(tf.abs(tf.sub(tf.softmax(logits), probabilities))).dataSync()[0];
    expect(diff).toBeLessThan(1e-5);
    expect(explainer.layers.at(-1)?.name).toBe('s_logits');
    tf.dispose([input, logits, probabilities]);
  });

  it('says so when the descriptor claims a softmax that is not there', () => {
    expect(() => Explainer.create(buildUNet().model, { output: 'softmax' })).toThrow(/not a softmax/);
  });

  it('rejects a model whose output is not [1,H,W,C]', () => {
    const input = tfl.input({ shape: [8, 8, 3] });
    const pooled = tfl.layers.globalAveragePooling2d({}).apply(input) as tfl.SymbolicTensor;
    const classifier = tfl.model({ inputs: input, outputs: tfl.layers.dense({ units: 3 }).apply(pooled) as tfl.SymbolicTensor });
    expect(() => Explainer.create(classifier)).toThrow(/\[1,H,W,C\].*got \[1,3\]/);
  });

  it('needs inputSize for a model of unknown size, and checks the input shape', () => {
    const input = tfl.input({ shape: [null, null, 3] } as unknown as { shape: number[] });
    const out = tfl.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same' }).apply(input) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: out });
    expect(() => Explainer.create(model)).toThrow(/inputSize/);
    const explainer = Explainer.create(model, { inputSize: { height: 8, width: 16 } });
    expect(explainer.outputSize).toEqual({ height: 8, width: 16 });
    const wrong = randomInput(8, 8, 1);
    expect(() => explainer.predict(wrong)).toThrow(/\[1,8,16,3\]/);
    wrong.dispose();
  });
});

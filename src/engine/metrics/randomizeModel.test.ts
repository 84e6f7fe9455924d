import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backends';
import { buildUNet } from '../testing/randomModels';
import { cascadeBlockNames, cascadeGroups, randomizeLayers } from './randomizeModel';

beforeAll(async () => {
  await initBackend('cpu');
});

function flat(weights: tf.Tensor[]): number[][] {
  return weights.map((w) => Array.from(w.dataSync()));
}

describe('model randomisation', () => {
  it('groups weighted layers by block, output first', () => {
    const { model } = buildUNet();
    expect(cascadeBlockNames(model)).toEqual(['logits', 'dec1', 'dec2', 'bottleneck', 'enc2', 'enc1']);
    expect(cascadeGroups(model)[4]).toEqual(['enc2_conv', 'enc2_bn']);
    model.dispose();
  });

  it('re-draws only the named layers, seeded, and restores the originals exactly', () => {
    const { model } = buildUNet();
    const before = model.layers.map((l) => flat(l.getWeights()));
    const tensorsBefore = tf.memory().numTensors;
    const restore = randomizeLayers(model, ['logits', 'dec1_conv'], 7);
    const drawn = model.layers.map((l) => flat(l.getWeights()));
    model.layers.forEach((layer, i) => {
      const touched = layer.name === 'logits' || layer.name === 'dec1_conv';
      if (touched) expect(drawn[i]).not.toEqual(before[i]);
      else expect(drawn[i]).toEqual(before[i]);
    });
    restore();
    expect(model.layers.map((l) => flat(l.getWeights()))).toEqual(before);
    const again = randomizeLayers(model, ['logits', 'dec1_conv'], 7);
    expect(model.layers.map((l) => flat(l.getWeights()))).toEqual(drawn);
    again();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    model.dispose();
  });

  it('draws kernels with the He standard deviation and resets batch norm', () => {
    const { model } = buildUNet();
    const restore = randomizeLayers(model, ['enc2_conv', 'enc2_bn'], 3);
    const kernel = model.getLayer('enc2_conv').getWeights()[0];
    const values = Array.from(kernel.dataSync());
    const fanIn = kernel.shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    expect(Math.abs(std / Math.sqrt(2 / fanIn) - 1)).toBeLessThan(0.15);
    const bn = model.getLayer('enc2_bn');
    bn.weights.forEach((w, i) => {
      const v = bn.getWeights()[i].dataSync();
      expect(Array.from(v).every((x) => x === (/gamma|variance/.test(w.name) ? 1 : 0))).toBe(true);
    });
    restore();
    model.dispose();
  });
});

import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildUnet, UNET_INPUT_HEIGHT, UNET_INPUT_WIDTH, UNET_NUM_CLASSES } from './unet';

describe('buildUnet', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('names its blocks for the layer slider and keeps a bottleneck of at least 8×16', () => {
    const model = buildUnet();
    const names = model.layers.map((l) => l.name);
    for (const name of ['enc1_conv1', 'enc1', 'pool1', 'enc4', 'pool4', 'bottleneck', 'dec4', 'dec1', 'logits']) {
      expect(names).toContain(name);
    }
    const shapeOf = (name: string) => model.getLayer(name).outputShape as number[];
    expect(shapeOf('bottleneck').slice(1, 3)).toEqual([8, 16]);
    expect(shapeOf('enc1').slice(1, 3)).toEqual([UNET_INPUT_HEIGHT, UNET_INPUT_WIDTH]);
    expect(shapeOf('logits')).toEqual([null, UNET_INPUT_HEIGHT, UNET_INPUT_WIDTH, UNET_NUM_CLASSES]);
    // Encoder before decoder, logits last: the slider order follows the graph.
    expect(names.indexOf('enc1')).toBeLessThan(names.indexOf('bottleneck'));
    expect(names.indexOf('bottleneck')).toBeLessThan(names.indexOf('dec4'));
    expect(names.indexOf('dec4')).toBeLessThan(names.indexOf('dec1'));
    expect(names[names.length - 1]).toBe('logits');
    model.dispose();
  });

  it('outputs logits (no softmax) and fits in 4 MB of float32 weights', () => {
    expect(buildUnet().countParams() * 4).toBeLessThanOrEqual(4 * 1024 * 1024);
    const model = buildUnet({ seed: 3, height: 32, width: 64 });
    const logits = model.getLayer('logits').getConfig();
    expect(logits.activation).toBe('linear');
    const sums = tf.tidy(() => {
      const out = model.predict(tf.randomUniform([1, 32, 64, 3], 0, 1, 'float32', 1)) as tf.Tensor;
      return tf.sum(out, -1).dataSync();
    });
    // Softmax outputs would sum to 1 at every pixel.
    expect(sums.some((s) => Math.abs(s - 1) > 1e-2)).toBe(true);
    model.dispose();
  });

  it('is deterministic for a seed and works at other sizes with the same weights', () => {
    const a = buildUnet({ height: 32, width: 64, seed: 5 });
    const b = buildUnet({ height: 64, width: 32, seed: 5 });
    const wa = a.getWeights();
    const wb = b.getWeights();
    expect(wa.length).toBe(wb.length);
    wa.forEach((w, i) => expect(tf.max(tf.abs(tf.sub(w, wb[i]))).dataSync()[0]).toBe(0));
    a.dispose();
    b.dispose();
  });
});

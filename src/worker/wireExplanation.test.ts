import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backends';
import { Explainer } from '../engine/explainer';
import { buildUNet, randomInput } from '../engine/testing/randomModels';
import * as tf from '@tensorflow/tfjs-core';
import { toWire } from './wireExplanation';
import { upsampledCam } from '../imaging/upsampleMap';

beforeAll(async () => {
  await initBackend('cpu');
});

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('explanations on the wire', () => {
  it('carry layer-sized maps only; the page upsamples them as tfjs resizeBilinear (half-pixel) does', async () => {
    const { model } = buildUNet(16, 24, 3);
    const explainer = Explainer.create(model);
    const input = randomInput(16, 24, 4);
    const mask = new Uint8Array(16 * 24);
    mask.fill(1, 40, 60);
    const [explanation] = await explainer.explain(input, { classIndex: 1, mask });
    const wire = toWire(explanation);
    expect(wire.layers.every((l) => Object.keys(l).sort().join() === 'alpha,cam,camMax,layer,raw,rawMax,role,shape')).toBe(true);
    expect(wire.layers.every((l) => l.cam.length === l.shape[0] * l.shape[1])).toBe(true);
    const back = structuredClone(wire);
    expect(back.layers.map((l) => l.layer)).toEqual(explanation.layers.map((l) => l.layer));
    for (let i = 0; i < back.layers.length; i++) {
      const ours = upsampledCam(back.layers[i], back.input);
      expect(ours.length).toBe(16 * 24);
      expect(upsampledCam(back.layers[i], back.input)).toBe(ours); // memoised
      const [h, w] = explanation.layers[i].shape;
      const reference = tf.tidy(() =>
        tf.image.resizeBilinear(tf.tensor4d(explanation.layers[i].cam, [1, h, w, 1]), [16, 24], false, true).dataSync() as Float32Array,
      );
      expect(maxAbsDiff(ours, reference)).toBeLessThan(1e-5 * Math.max(1, explanation.layers[i].camMax));
    }
    input.dispose();
    model.dispose();
  });
});
